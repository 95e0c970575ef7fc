package dev.errand.worker;

import dev.errand.job.JobId;
import dev.errand.spi.Backend;
import dev.errand.spi.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of every job the worker holds, waiting ones included, in one backend call, and marks the jobs
 * whose lease another worker recovered meanwhile: their attempt's outcome will be discarded.
 */
final class LeaseKeeper {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Backend backend;
    private final WorkerSettings settings;
    private final HeldJobs held;

    LeaseKeeper(Backend backend, WorkerSettings settings, HeldJobs held) {
        this.backend = backend;
        this.settings = settings;
        this.held = held;
    }

    void renew() {
        List<InFlight> jobs = held.snapshot();
        if (jobs.isEmpty()) {
            return;
        }
        List<Lease> leases = new ArrayList<>(jobs.size());
        for (InFlight f : jobs) {
            leases.add(f.job.lease());
        }
        Set<JobId> lost = backend.renew(leases, settings.lease());
        if (lost.isEmpty()) {
            return;
        }
        for (InFlight f : jobs) {
            // A settled job may just have been recorded (finished, so "not held"): its own report tells if the lease
            // was lost.
            if (lost.contains(f.job.id()) && !f.leaseLost && !f.isSettled() && held.holds(f)) {
                f.leaseLost = true;
                log.warn(
                        "worker {} lost the lease of job {} (id {}) attempt {}: it was recovered by another worker; "
                                + "this attempt's outcome will be discarded",
                        settings.id(),
                        f.job.name(),
                        f.job.id(),
                        f.job.attempt());
            }
        }
    }
}
