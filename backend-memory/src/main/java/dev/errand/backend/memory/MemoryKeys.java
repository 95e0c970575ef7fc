package dev.errand.backend.memory;

import dev.errand.config.RetentionKeys;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.time.Duration;
import java.util.List;

/** The {@code errand.memory.*} settings, declared once; {@link MemorySettings} reads them. */
public final class MemoryKeys extends SettingGroup {
    static final Setting<Integer> CAPACITY = Setting.integer("errand.memory.capacity", 1_000_000, 1, Integer.MAX_VALUE)
            .doc("most unfinished jobs (scheduled, available, retryable, running); beyond it `enqueue` throws "
                    + "`QueueFullException` and stores none of the batch: add workers, or raise the capacity");
    /** An hour for every finished job: memory is bounded by {@link #MAX_FINISHED} anyway. */
    static final RetentionKeys RETENTION = RetentionKeys.declare(
            "errand.memory.retention",
            Duration.ofHours(1),
            Duration.ofHours(1),
            "how long succeeded jobs and their results stay visible to `find` and `outcome`",
            "how long dead and cancelled jobs, with their errors, stay visible");

    static final Setting<Integer> MAX_FINISHED = Setting.integer(
                    "errand.memory.maxFinished", 100_000, 1, Integer.MAX_VALUE)
            .doc("most finished jobs kept; the oldest are dropped first, so memory stays bounded");

    public MemoryKeys() {
        super(
                "errand-backend-memory",
                "The memory backend",
                List.of(CAPACITY, RETENTION.succeeded(), RETENTION.failed(), RETENTION.both(), MAX_FINISHED));
    }
}
