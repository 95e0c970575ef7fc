package dev.errand.spi;

/**
 * Optional abilities of a backend. The contract suite ({@code dev.errand.testkit.CapabilityContract})
 * tests each where it is declared and has no tests for one that is not; a backend that declares one must give
 * the suite what it needs to test it.
 */
public enum Capability {
    /** Jobs survive a restart of the process (and of the server, within its durability settings). */
    DURABLE,
    /** Several processes can share the queue: producers and workers on different JVMs. */
    SHARED,
    /** Enqueue can join the caller's {@code java.sql.Connection} transaction. */
    TRANSACTIONAL_ENQUEUE,
    /** Outcomes carry the results of non-void jobs, so {@code call()} and {@code submit()} return them. */
    RESULTS,
    /** {@link Backend#outcome} works for jobs stored with {@link Backend#enqueue}, not only for {@link Backend#submit}. */
    BACKGROUND_OUTCOMES,
    /** A job may wait for its {@code runAt}: {@code JobCall.delay()} and {@code runAt()}. */
    SCHEDULING,
    /** {@link Backend#cancel} cancels a job that has not started. */
    CANCEL,
    /** Jobs are routed by queue: {@code JobCall.queue(x)} sends a job to a queue other than its {@code @Job(queue)}. */
    QUEUES,
    /** Each job keeps its own {@code maxAttempts}: {@code JobCall.maxAttempts(n)} is stored with the job. */
    PER_CALL_MAX_ATTEMPTS,
    /**
     * {@link dev.errand.job.JobHeaders} are stored with each job and handed back on claim and by {@link Backend#find}.
     * Without it a job carries none: interceptors' headers (a trace context) are not added, and nothing fails.
     */
    HEADERS,
    /**
     * The operator's calls: {@link Backend#listJobs}, {@link Backend#retry}, {@link Backend#retryDead},
     * {@link Backend#delete}, {@link Backend#purgeFinished}, {@link Backend#pause}, {@link Backend#resume} and
     * {@link Backend#finishedStats}. Without it they throw {@code UnsupportedOperationException}, and the dashboard
     * shows only what {@link Backend#queueStats} gives.
     */
    OPERATIONS;

    /**
     * The capabilities of a backend that keeps Errand's whole job model ({@link #RESULTS}, {@link #BACKGROUND_OUTCOMES},
     * {@link #SCHEDULING}, {@link #CANCEL}, {@link #QUEUES}, {@link #PER_CALL_MAX_ATTEMPTS}, {@link #HEADERS},
     * {@link #OPERATIONS}), as the memory, JDBC and Redis backends do, plus {@code others}; unmodifiable.
     */
    public static java.util.Set<Capability> withJobModel(Capability... others) {
        java.util.EnumSet<Capability> set = java.util.EnumSet.of(
                RESULTS, BACKGROUND_OUTCOMES, SCHEDULING, CANCEL, QUEUES, PER_CALL_MAX_ATTEMPTS, HEADERS, OPERATIONS);
        set.addAll(java.util.List.of(others));
        return java.util.Collections.unmodifiableSet(set);
    }
}
