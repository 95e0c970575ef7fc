package dev.errand.backend.memory;

import dev.errand.job.JobState;
import dev.errand.spi.QueueStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Counts the unfinished jobs of every queue by state for {@code queueStats()}: one pass over the job table. */
final class QueueCounts {
    private static final class Counts {
        long available, scheduled, running, retryable;
        Instant oldest;
    }

    private final Map<String, Counts> byQueue = new TreeMap<>();
    private final Instant now;

    QueueCounts(Instant now) {
        this.now = now;
    }

    /** Adds one job; caller holds its monitor. A scheduled or retryable job whose runAt passed counts as available. */
    void add(String queue, JobState state, Instant runAt) {
        if (state.isFinal()) {
            return;
        }
        Counts c = byQueue.computeIfAbsent(queue, q -> new Counts());
        boolean due = !runAt.isAfter(now);
        if (state == JobState.RUNNING) {
            c.running++;
        } else if (state == JobState.AVAILABLE || due) {
            c.available++;
            if (c.oldest == null || runAt.isBefore(c.oldest)) {
                c.oldest = runAt;
            }
        } else if (state == JobState.SCHEDULED) {
            c.scheduled++;
        } else {
            c.retryable++;
        }
    }

    List<QueueStats> result() {
        List<QueueStats> stats = new ArrayList<>(byQueue.size());
        byQueue.forEach((q, c) -> stats.add(
                new QueueStats(q, c.available, c.scheduled, c.running, c.retryable, Optional.ofNullable(c.oldest))));
        return List.copyOf(stats);
    }
}
