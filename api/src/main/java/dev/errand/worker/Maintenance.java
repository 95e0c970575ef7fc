package dev.errand.worker;

import dev.errand.spi.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work on the whole store rather than on this worker's jobs: puts the jobs of workers that stopped renewing their
 * leases back in their queues (the JDBC backend also prunes finished jobs past their retention in that call).
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Backend backend;
    private final String workerId;

    Maintenance(Backend backend, String workerId) {
        this.backend = backend;
        this.workerId = workerId;
    }

    void rescueExpiredLeases() {
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
