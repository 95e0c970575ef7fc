package dev.errand.backend.memory;

import dev.errand.config.ErrandConfig;
import dev.errand.config.RetentionConfig;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code errand.memory.*} settings.
 *
 * @param capacity    most unfinished jobs held at once; enqueue beyond it fails
 * @param retention   how long succeeded jobs, and dead or cancelled ones, stay visible with their results and errors
 * @param maxFinished most finished jobs kept, the oldest dropped first
 */
record MemorySettings(int capacity, RetentionConfig retention, int maxFinished) {
    static final String CAPACITY = "errand.memory.capacity";
    /** Shorthand for both retentions; {@code .succeeded} and {@code .failed} set one each ({@link RetentionConfig}). */
    static final String RETENTION = "errand.memory.retention";
    static final String MAX_FINISHED = "errand.memory.maxFinished";
    static final Set<String> KEYS = Set.of(CAPACITY, RETENTION, RetentionConfig.succeededKey(RETENTION),
            RetentionConfig.failedKey(RETENTION), MAX_FINISHED);

    static final int DEFAULT_CAPACITY = 1_000_000;
    /** An hour for every finished job, as before the two kinds had their own key: memory is bounded by the cap anyway. */
    static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    static final int DEFAULT_MAX_FINISHED = 100_000;

    static MemorySettings from(ErrandConfig config) {
        return new MemorySettings(
                config.integer(CAPACITY, DEFAULT_CAPACITY, 1, Integer.MAX_VALUE),
                RetentionConfig.from(config, RETENTION, DEFAULT_RETENTION, DEFAULT_RETENTION),
                config.integer(MAX_FINISHED, DEFAULT_MAX_FINISHED, 1, Integer.MAX_VALUE));
    }
}
