package dev.errand.backend.memory;

import dev.errand.job.JobState;
import dev.errand.spi.FinishedStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Counts the kept finished jobs of every queue by final state for {@code finishedStats()}: one pass over the job table. */
final class FinishedCounts {
    private static final class Counts {
        long dead, cancelled, succeeded;
    }

    private final Map<String, Counts> byQueue = new TreeMap<>();
    private final Instant succeededSince;

    FinishedCounts(Instant succeededSince) {
        this.succeededSince = succeededSince;
    }

    /** Adds one kept job; caller holds its monitor. */
    void add(String queue, JobState state, Instant finishedAt) {
        switch (state) {
            case DEAD -> counts(queue).dead++;
            case CANCELLED -> counts(queue).cancelled++;
            case SUCCEEDED -> {
                if (!finishedAt.isBefore(succeededSince)) {
                    counts(queue).succeeded++;
                }
            }
            default -> {}
        }
    }

    private Counts counts(String queue) {
        return byQueue.computeIfAbsent(queue, q -> new Counts());
    }

    List<FinishedStats> result() {
        List<FinishedStats> stats = new ArrayList<>(byQueue.size());
        byQueue.forEach((q, c) -> stats.add(new FinishedStats(q, c.dead, c.cancelled, OptionalLong.of(c.succeeded))));
        return List.copyOf(stats);
    }
}
