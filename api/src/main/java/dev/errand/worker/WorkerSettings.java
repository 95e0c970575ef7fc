package dev.errand.worker;

import java.time.Duration;
import java.util.Set;

/**
 * A worker's resolved settings: builder values over {@code errand.worker.*} over defaults.
 *
 * @param maxJobs how many jobs the worker claims before it finishes them and stops; 0 for no limit
 * @param maintenanceInterval how often the worker tries to take or renew the maintenance lease (its term is the
 *                            lease) and, while it holds it, rescues expired leases
 */
record WorkerSettings(
        String id,
        String name,
        int threads,
        Set<String> queues,
        int batchSize,
        Duration lease,
        Duration shutdownGrace,
        long maxJobs,
        Duration maintenanceInterval) {}
