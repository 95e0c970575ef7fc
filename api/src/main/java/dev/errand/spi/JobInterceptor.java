package dev.errand.spi;

import dev.errand.job.JobHeaders;
import dev.errand.job.JobState;

/**
 * Hears of every job on both sides: on the client, when it is enqueued (and may add headers to it, such as the
 * caller's trace context); on the worker, around each attempt (and may set up what the job's code sees, such as that
 * trace context as the current one). {@code errand-opentelemetry} is one; {@code errand-micrometer} counts enqueued
 * jobs with one.
 *
 * <p>Found by {@link java.util.ServiceLoader} through a {@link JobInterceptorProvider}, or given to
 * {@code Errand.builder().interceptor(...)}. Every method has a default that does nothing, runs on the caller's or
 * the job's thread, must be quick and should not throw: an exception is logged and the job goes on as if the
 * interceptor were not there.
 */
public interface JobInterceptor {

    /**
     * On the enqueuing thread, before {@code job} is stored: the headers to store with it, {@code job.headers()}
     * plus whatever this interceptor adds. Called only when the backend has {@link Capability#HEADERS}.
     */
    default JobHeaders decorate(NewJob job) {
        return job.headers();
    }

    /** On the enqueuing thread, after the backend stored {@code job}; {@code result.duplicate()} when it was not. */
    default void enqueued(NewJob job, EnqueueResult result) {}

    /**
     * On the job thread, just before an attempt of {@code job} runs (before its arguments are decoded); the scope is
     * ended on the same thread once the attempt's outcome is known.
     */
    default AttemptScope beginAttempt(ClaimedJob job) {
        return AttemptScope.NONE;
    }

    /** What an interceptor holds open around one attempt. */
    @FunctionalInterface
    interface AttemptScope {
        AttemptScope NONE = (outcome, cause) -> {};

        /**
         * The attempt ended.
         *
         * @param outcome {@code SUCCEEDED}, {@code RETRYABLE} (it failed and will be retried) or {@code DEAD}; null
         *     when a shutdown handed the attempt back unrun
         * @param cause what the job threw (for a timeout, the {@code AttemptTimeoutException} the worker reported), or
         *     null: a success, or a job that could not run at all (unknown job, signature mismatch, payload too large)
         */
        void end(JobState outcome, Throwable cause);
    }
}
