package dev.errand;

import dev.errand.job.JobDefinition;
import dev.errand.spi.Backend;
import dev.errand.spi.Capability;
import java.util.Set;

/**
 * Refuses, at call time, an option the backend cannot honour ({@link Capability}), with a message that names the job,
 * the option, the backend and what to do instead: never ignored. The backend's capabilities are read once, when the
 * client is built, into one flag each, so a call that passes pays a field read per option it set, and a call with no
 * option set pays nothing more.
 */
final class CapabilityCheck {
    private final Backend backend;
    private final boolean results;
    private final boolean backgroundOutcomes;
    private final boolean scheduling;
    private final boolean cancel;
    private final boolean queues;
    private final boolean perCallMaxAttempts;

    CapabilityCheck(Backend backend) {
        this.backend = backend;
        Set<Capability> declared = backend.capabilities();
        this.results = declared.contains(Capability.RESULTS);
        this.backgroundOutcomes = declared.contains(Capability.BACKGROUND_OUTCOMES);
        this.scheduling = declared.contains(Capability.SCHEDULING);
        this.cancel = declared.contains(Capability.CANCEL);
        this.queues = declared.contains(Capability.QUEUES);
        this.perCallMaxAttempts = declared.contains(Capability.PER_CALL_MAX_ATTEMPTS);
    }

    /** The options set on {@code call}: a delay or run time, another queue, another attempt limit. */
    void options(JobCall<?> call) {
        JobDefinition<?> job = call.job();
        if (!scheduling && call.isScheduled()) {
            throw refuse(
                    job.name(),
                    call.isDelayed() ? "delay()" : "runAt()",
                    Capability.SCHEDULING,
                    "enqueue it without a delay or run time");
        }
        if (!queues && !call.queue().equals(job.queue())) {
            throw refuse(
                    job.name(),
                    "queue(\"" + call.queue() + "\")",
                    Capability.QUEUES,
                    "leave out queue(...): the job goes to its @Job(queue) " + job.queue());
        }
        if (!perCallMaxAttempts && call.maxAttempts() != job.maxAttempts()) {
            throw refuse(
                    job.name(),
                    "maxAttempts(" + call.maxAttempts() + ")",
                    Capability.PER_CALL_MAX_ATTEMPTS,
                    "leave out maxAttempts(...) and set @Job(maxAttempts) instead (now " + job.maxAttempts() + ")");
        }
    }

    /** A caller that awaits the result of {@code job} ({@code verb}: {@code call()}, {@code submit()}...). */
    void result(JobDefinition<?> job, String verb) {
        if (!results && !isVoid(job)) {
            throw refuse(
                    job.name(),
                    verb,
                    Capability.RESULTS,
                    "enqueue() it and let the job store its result where the caller can read it, or make it void");
        }
    }

    /** Awaiting a job stored with {@code enqueue()}. */
    void backgroundOutcome(Object job) {
        if (!backgroundOutcomes) {
            throw refuse(
                    job,
                    "awaitFinished()",
                    Capability.BACKGROUND_OUTCOMES,
                    "submit() or call() the job to await its outcome, or look at it with job(id)");
        }
    }

    /** Cancelling job {@code job}: its id, or its name and id. */
    void cancel(Object job) {
        if (!cancel) {
            throw refuse(
                    job,
                    "cancel()",
                    Capability.CANCEL,
                    "let the job run, and have it skip work that is no longer wanted");
        }
    }

    private UnsupportedOperationException refuse(Object job, String option, Capability missing, String general) {
        String instead = backend.instead(missing);
        return new UnsupportedOperationException("job " + job + ": " + option + " needs a backend with " + missing
                + "; the " + backend.name() + " backend has none — " + (instead != null ? instead : general));
    }

    private static boolean isVoid(JobDefinition<?> job) {
        return job.returnType() == void.class || job.returnType() == Void.class;
    }
}
