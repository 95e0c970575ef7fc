package dev.errand.testkit;

/**
 * How a backend over a foreign store (TheSchwartz's tables) differs from Errand's own job model, documented by that
 * backend. A contract test that such a difference rules out is left out for a backend with the trait, as a capability
 * test is for a backend without the capability; Errand's own backends have none.
 */
public enum ContractTrait {
    /**
     * The store keeps no fingerprint and no per-job attempt limit: a claimed job gets both from the worker's
     * registration, so a changed signature is not seen and {@code maxAttempts} is the worker's.
     */
    REGISTRATION_DEFINES_JOBS,
    /**
     * A lease that ran out is not recovered: the job is simply claimable again, and the attempt is not counted (an
     * attempt is a failure recorded). So a job whose worker died never becomes dead, and a worker that claims its own
     * expired job again holds a lease equal to the stale one.
     */
    EXPIRED_LEASES_NOT_COUNTED,
    /** An error keeps its type and message but no stack trace. */
    ERRORS_WITHOUT_TRACE,
    /**
     * The store's priority column holds less than an {@code int} (TheSchwartz's {@code SMALLINT}): a priority outside
     * it is refused at enqueue, naming the range.
     */
    NARROW_PRIORITIES
}
