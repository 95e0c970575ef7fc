package dev.errand.worker;

import java.time.Duration;
import java.util.Set;

/**
 * A worker's resolved settings: builder values over {@code errand.worker.*} over defaults.
 *
 * @param batchSize the most jobs claimed per backend call, and the most the {@link Prefetch} keeps waiting
 * @param prefetch how much work (at the recent mean run time) claimed jobs beyond the running ones may hold
 * @param maxJobs how many jobs the worker claims before it finishes them and stops; 0 for no limit
 * @param maintenanceInterval how often the worker tries to take or renew the maintenance lease (its term is the
 *                            lease) and, while it holds it, rescues expired leases
 * @param misfireThreshold how late a recurring job's instant may fire and still run as scheduled
 * @param fireSchedules whether the worker fires due recurring jobs
 */
record WorkerSettings(
        String id,
        String name,
        int threads,
        Set<String> queues,
        int batchSize,
        Duration prefetch,
        Duration lease,
        Duration shutdownGrace,
        long maxJobs,
        Duration maintenanceInterval,
        Duration misfireThreshold,
        boolean fireSchedules) {}
