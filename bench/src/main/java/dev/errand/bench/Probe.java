package dev.errand.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What {@link BenchService#stamp} jobs report to the scenario that waits for them: how many
 * started, when the latest started, and the enqueue → start latencies in an HdrHistogram
 * {@link Recorder} (safe for many job threads, no lock).
 */
final class Probe {
    private static final Recorder LATENCY = new Recorder(3);
    private static final AtomicLong STARTED = new AtomicLong();
    private static volatile long lastStartNanos;

    private Probe() {}

    static void started(long enqueuedNanos) {
        long now = System.nanoTime();
        lastStartNanos = now;
        LATENCY.recordValue(Math.max(0, now - enqueuedNanos));
        STARTED.incrementAndGet();
    }

    /** Forgets what was recorded so far; call before a measurement. */
    static void reset() {
        LATENCY.getIntervalHistogram();
    }

    /** The latencies recorded since the last reset or take, and forgets them. */
    static Histogram take() {
        return LATENCY.getIntervalHistogram();
    }

    static long started() {
        return STARTED.get();
    }

    static long lastStartNanos() {
        return lastStartNanos;
    }
}
