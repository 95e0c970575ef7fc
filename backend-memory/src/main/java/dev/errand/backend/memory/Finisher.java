package dev.errand.backend.memory;

import dev.errand.spi.Outcome;
import java.time.Instant;
import java.util.List;
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

    /** The bookkeeping for one job; the arguments are those of {@link Finished}. */
    void finished(JobRecord job, LeaseBatch emptied, CompletableFuture<Outcome> future, Outcome outcome, Instant now) {
        finishedAll(List.of(new Finished(job, emptied, future, outcome)), now);
    }

    /** As {@link #finished} for each job of a batch, taking the finished jobs' lock once. */
    void finishedAll(List<Finished> batch, Instant now) {
        for (Finished done : batch) {
            forget(done.emptied());
            admission.finished(done.job());
        }
        finished.addAll(batch, now);
        for (Finished done : batch) {
            if (done.future() != null) {
                done.future().complete(done.outcome());
            }
        }
    }

    /** Drops a lease entry none of whose jobs it watches any more. */
    void forget(LeaseBatch emptied) {
        if (emptied != null) {
            leases.remove(emptied);
        }
    }
}
