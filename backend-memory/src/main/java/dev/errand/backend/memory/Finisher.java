package dev.errand.backend.memory;

import dev.errand.spi.Outcome;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping after a job reached a final state, done with no lock held: its lease entry,
 * its room and unique key, its place among the finished jobs, and last its waiting callers, whose
 * continuations therefore never run under a backend lock.
 */
final class Finisher {
    private final Admission admission;
    private final FinishedJobs finished;
    private final LeaseIndex leases;

    Finisher(Admission admission, FinishedJobs finished, LeaseIndex leases) {
        this.admission = admission;
        this.finished = finished;
        this.leases = leases;
    }

    /**
     * @param emptied the lease entry the job's lease was the last of, or null
     * @param future  the callers' future taken from the job, or null when nobody waits
     * @param outcome the outcome for {@code future}
     */
    void finished(JobRecord job, LeaseBatch emptied, CompletableFuture<Outcome> future, Outcome outcome, Instant now) {
        forget(emptied);
        admission.finished(job);
        finished.add(job, now);
        if (future != null) {
            future.complete(outcome);
        }
    }

    /** Drops a lease entry none of whose jobs it watches any more. */
    void forget(LeaseBatch emptied) {
        if (emptied != null) {
            leases.remove(emptied);
        }
    }
}
