package dev.errand.config;

import java.util.Set;

/** The configuration keys read by the client and the worker runtime (backends declare their own). */
public final class CoreKeys {
    public static final String BACKEND = "errand.backend";
    public static final String CALL_TIMEOUT = "errand.client.callTimeout";
    public static final String PAYLOAD_MAX_BYTES = "errand.payload.maxBytes";
    public static final String PAYLOAD_MAX_DEPTH = "errand.payload.maxDepth";
    public static final String TIMING_ENABLED = "errand.timing.enabled";
    public static final String WORKER_THREADS = "errand.worker.threads";
    public static final String WORKER_QUEUES = "errand.worker.queues";
    public static final String WORKER_BATCH_SIZE = "errand.worker.batchSize";
    public static final String WORKER_LEASE = "errand.worker.lease";
    public static final String WORKER_SHUTDOWN_GRACE = "errand.worker.shutdownGrace";
    public static final String WORKER_RETRY_BACKOFF = "errand.worker.retryBackoff";
    public static final String WORKER_MAX_BACKOFF = "errand.worker.maxBackoff";
    public static final String WORKER_NAME = "errand.worker.name";
    public static final String MAINTENANCE_INTERVAL = "errand.maintenance.interval";

    /** Keys under these prefixes belong to modules that validate them themselves (the manager). */
    public static final Set<String> ALL = Set.of(BACKEND, CALL_TIMEOUT, PAYLOAD_MAX_BYTES, PAYLOAD_MAX_DEPTH,
            TIMING_ENABLED, WORKER_THREADS, WORKER_QUEUES, WORKER_BATCH_SIZE, WORKER_LEASE, WORKER_SHUTDOWN_GRACE,
            WORKER_RETRY_BACKOFF, WORKER_MAX_BACKOFF, WORKER_NAME, MAINTENANCE_INTERVAL, "errand.manager.*");

    /** The default of {@link #WORKER_THREADS}. */
    public static final int DEFAULT_WORKER_THREADS = 8;

    private CoreKeys() {}

    /**
     * {@link #WORKER_THREADS}: the job threads of a worker that does not set its own, and what the
     * backends size their connection pools for when their pool size is not set.
     */
    public static int workerThreads(ErrandConfig config) {
        return config.integer(WORKER_THREADS, DEFAULT_WORKER_THREADS, 1, 10_000);
    }
}
