package dev.errand.backend.memory;

import dev.errand.config.ErrandConfig;
import dev.errand.config.RetentionConfig;

/**
 * The {@code errand.memory.*} settings, as {@link MemoryKeys} declares them.
 *
 * @param capacity    most unfinished jobs held at once; enqueue beyond it fails
 * @param retention   how long succeeded jobs, and dead or cancelled ones, stay visible with their results and errors
 * @param maxFinished most finished jobs kept, the oldest dropped first
 */
record MemorySettings(int capacity, RetentionConfig retention, int maxFinished) {

    static MemorySettings from(ErrandConfig config) {
        return new MemorySettings(
                MemoryKeys.CAPACITY.get(config),
                MemoryKeys.RETENTION.read(config),
                MemoryKeys.MAX_FINISHED.get(config));
    }
}
