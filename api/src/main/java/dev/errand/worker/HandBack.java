package dev.errand.worker;

import dev.errand.spi.Backend;
import dev.errand.spi.Lease;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands claimed jobs that did not start back to the queue, in one backend call, without counting an attempt: on a
 * graceful stop, and for the rest of a job thread's own batch when the thread stops or a job of the batch times out.
 * Each job is handed back once, by whoever {@link InFlight#claimToRun claims} it first (and never runs then), and
 * let go of.
 */
final class HandBack {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Backend backend;
    private final HeldJobs held;
    private final String workerId;

    HandBack(Backend backend, HeldJobs held, String workerId) {
        this.backend = backend;
        this.held = held;
        this.workerId = workerId;
    }

    /** Hands back those of {@code unstarted} that no thread runs and nobody handed back yet; returns how many. */
    int handBack(List<InFlight> unstarted) {
        List<Lease> leases = new ArrayList<>();
        List<InFlight> released = new ArrayList<>();
        for (InFlight f : unstarted) {
            if (f.claimToRun() && f.settle()) {
                leases.add(f.job.lease());
                released.add(f);
            }
        }
        if (leases.isEmpty()) {
            return 0;
        }
        try {
            backend.release(leases);
        } catch (RuntimeException e) {
            log.error(
                    "worker {} could not hand back {} claimed jobs that had not started (first id {}); their leases "
                            + "will expire and they will run again",
                    workerId,
                    leases.size(),
                    leases.get(0).id(),
                    e);
        }
        held.doneAll(released);
        return leases.size();
    }
}
