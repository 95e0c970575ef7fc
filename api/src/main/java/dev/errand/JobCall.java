package dev.errand;

import dev.errand.job.JobDefinition;
import dev.errand.job.JobId;
import dev.errand.job.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One invocation of a job, returned by the generated stub: set options, then send it one of
 * three ways. Not thread-safe; make one per call. An option the backend cannot honour (a
 * {@link dev.errand.spi.Capability} it does not declare) is refused when the call is sent, with an
 * {@link UnsupportedOperationException} that names the job, the option, the backend and what to do instead.
 *
 * <pre>{@code
 * JobId id = jobs.fetchSummary(url).enqueue();                        // background
 * Summary s = jobs.fetchSummary(url).call();                          // wait for a worker
 * JobFuture<Summary> f = jobs.fetchSummary(url).submit();            // result later
 * jobs.fetchSummary(url).delay(Duration.ofMinutes(5)).priority(10).uniqueKey(url).enqueue();
 * }</pre>
 *
 * @param <R> the job's result type ({@code Void} for void jobs)
 */
public final class JobCall<R> {
    private final Errand errand;
    private final JobDefinition<R> job;
    private final Object[] args;
    private String queue;
    private int priority;
    private int maxAttempts;
    private Duration delay;
    private Instant runAt;
    private String uniqueKey;

    JobCall(Errand errand, JobDefinition<R> job, Object[] args) {
        this.errand = errand;
        this.job = job;
        this.args = args;
        this.queue = job.queue();
        this.priority = job.priority();
        this.maxAttempts = job.maxAttempts();
    }

    public JobDefinition<R> job() {
        return job;
    }

    /** Runs the job no earlier than {@code delay} from now. Needs a backend with {@code SCHEDULING}. */
    public JobCall<R> delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay == null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        this.runAt = null;
        return this;
    }

    /** Runs the job no earlier than {@code runAt}. Needs a backend with {@code SCHEDULING}. */
    public JobCall<R> runAt(Instant runAt) {
        this.runAt = Objects.requireNonNull(runAt, "runAt == null");
        this.delay = null;
        return this;
    }

    /** Higher runs first; overrides {@code @Job(priority)}. */
    public JobCall<R> priority(int priority) {
        this.priority = priority;
        return this;
    }

    /** Sends this call to another queue than {@code @Job(queue)}. Needs a backend with {@code QUEUES}. */
    public JobCall<R> queue(String queue) {
        this.queue = Names.checkQueue(queue);
        return this;
    }

    /** Overrides {@code @Job(maxAttempts)}. Needs a backend with {@code PER_CALL_MAX_ATTEMPTS}. */
    public JobCall<R> maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * While a job of this name with the same key is queued, scheduled or running on the same
     * queue, enqueueing another does nothing and returns the existing job's id.
     */
    public JobCall<R> uniqueKey(String uniqueKey) {
        this.uniqueKey = Names.checkUniqueKey(uniqueKey);
        return this;
    }

    /** Enqueues the job in the background and returns its id at once. */
    public JobId enqueue() {
        return errand.enqueue(this);
    }

    /**
     * Enqueues the job inside the caller's transaction on {@code connection}: it commits or rolls
     * back with the caller's own data, and workers see it only after the commit. Needs a backend
     * with {@code TRANSACTIONAL_ENQUEUE} (JDBC) on the same database as the connection.
     */
    public JobId enqueue(java.sql.Connection connection) {
        return errand.enqueue(this, java.util.Objects.requireNonNull(connection, "connection == null"));
    }

    /** Enqueues the job and returns a future of its result; for a non-void job, needs a backend with {@code RESULTS}. */
    public JobFuture<R> submit() {
        return errand.submit(this, "submit()");
    }

    /** Enqueues the job and waits for its result up to {@code errand.client.callTimeout}. */
    public R call() {
        return errand.submit(this, "call()").await(errand.callTimeout());
    }

    /** Enqueues the job and waits for its result up to {@code timeout}. */
    public R call(Duration timeout) {
        return errand.submit(this, "call()").await(timeout);
    }

    Object[] args() {
        return args;
    }

    String queue() {
        return queue;
    }

    int priority() {
        return priority;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    String uniqueKey() {
        return uniqueKey;
    }

    /** True when {@link #delay} or {@link #runAt} was set. */
    boolean isScheduled() {
        return delay != null || runAt != null;
    }

    boolean isDelayed() {
        return delay != null;
    }

    Instant effectiveRunAt(Instant now) {
        if (runAt != null) {
            return runAt;
        }
        return delay == null ? now : now.plus(delay);
    }

    @Override
    public String toString() {
        return "JobCall[" + job.name() + " on " + queue + "]";
    }
}
