package dev.errand.worker;

import dev.errand.spi.Backend;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work on the whole store rather than on this worker's jobs: puts the jobs of workers that stopped renewing their
 * leases back in their queues, and has the backend delete finished jobs past their retention. Only
 * the worker that holds the store's maintenance lease does it, so a thousand workers do not all rescue and prune;
 * every worker tries to take the lease each round, so when its holder dies another takes over within its term (the
 * worker lease), and a holder that stops hands it over at once.
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Backend backend;
    private final String workerId;
    private final Duration term;
    private volatile boolean leading;

    Maintenance(Backend backend, String workerId, Duration term) {
        this.backend = backend;
        this.workerId = workerId;
        this.term = term;
    }

    /** One round: takes or renews the maintenance lease, and does the maintenance if this worker holds it. */
    void run() {
        boolean lead;
        try {
            lead = backend.leadMaintenance(workerId, term);
        } catch (RuntimeException e) {
            log.error(
                    "worker {} could not take or renew the maintenance lease of the {} backend; will try again",
                    workerId,
                    backend.name(),
                    e);
            return;
        }
        if (lead != leading) {
            leading = lead;
            if (lead) {
                log.info(
                        "worker {} does the maintenance of the {} backend now (rescue of expired leases, retention) for every "
                                + "worker on it",
                        workerId,
                        backend.name());
            } else {
                log.info(
                        "worker {} no longer does the maintenance of the {} backend: another worker took it over",
                        workerId,
                        backend.name());
            }
        }
        if (lead) {
            rescueExpiredLeases();
            pruneFinished();
        }
    }

    /** True while this worker holds the maintenance lease, as of its last round. */
    boolean leading() {
        return leading;
    }

    /** Hands the maintenance lease over, if this worker holds it; for a worker that stops. */
    void stop() {
        if (!leading) {
            return;
        }
        leading = false;
        try {
            backend.resignMaintenance(workerId);
        } catch (RuntimeException e) {
            log.warn(
                    "worker {} could not hand over the maintenance lease of the {} backend; another worker takes it "
                            + "over when its term ends",
                    workerId,
                    backend.name(),
                    e);
        }
    }

    private void pruneFinished() {
        try {
            backend.pruneFinished();
        } catch (RuntimeException e) {
            log.error(
                    "worker {} could not delete finished jobs past their retention in the {} backend; will try again",
                    workerId,
                    backend.name(),
                    e);
        }
    }

    private void rescueExpiredLeases() {
        try {
            int n = backend.recoverExpiredLeases();
            if (n > 0) {
                log.warn("worker {} recovered {} jobs whose worker stopped renewing its lease", workerId, n);
            }
        } catch (RuntimeException e) {
            log.error("worker {} could not recover expired leases", workerId, e);
        }
    }
}
