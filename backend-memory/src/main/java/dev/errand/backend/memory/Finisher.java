package dev.errand.backend.memory;

import java.time.Instant;
import java.util.List;

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

    /** The bookkeeping for one job. */
    void finished(Finished done, Instant now) {
        finishedAll(List.of(done), now);
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
