package dev.errand.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until the machine is quiet after a big fill, before a drain is timed. A database keeps working for seconds
 * after a million rows went in (InnoDB flushes dirty pages and purges undo, H2's store compacts its file), and a drain
 * timed during that shares the machine with it: the deep-queue comparison then measured the fill's after-effects, not
 * the depth of the queue. Reads the machine's busy time from {@code /proc/stat} (Linux; elsewhere it does not wait).
 */
final class Settle {
    /** Busy (or waiting for I/O) below this share of all CPUs over one look counts as quiet. */
    static final double QUIET_SHARE = 0.10;
    /** One look: long enough to see a background flush, short enough to add little when nothing runs. */
    private static final Duration LOOK = Duration.ofMillis(500);

    private static final Path STAT = Path.of("/proc/stat");

    private Settle() {}

    /**
     * Waits until one look finds the machine quiet, at most {@code max}; returns how long it waited, or -1 when it
     * gave up (the machine never went quiet, or its CPU time cannot be read and nothing was waited for).
     */
    static Duration awaitQuiet(Duration max) {
        long start = System.nanoTime();
        long[] before = cpuTicks();
        if (before == null) {
            return Duration.ofNanos(-1);
        }
        while (System.nanoTime() - start < max.toNanos()) {
            LockSupport.parkNanos(LOOK.toNanos());
            long[] after = cpuTicks();
            if (after == null) {
                return Duration.ofNanos(-1);
            }
            if (quiet(before, after)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            before = after;
        }
        return Duration.ofNanos(-1);
    }

    /** Whether the machine was quiet between two readings of {@link #cpuTicks()}. */
    static boolean quiet(long[] before, long[] after) {
        long total = after[0] - before[0];
        long busy = total - (after[1] - before[1]);
        return total > 0 && (double) busy / total < QUIET_SHARE;
    }

    /** {total, idle} ticks of all CPUs, or null. Waiting for I/O counts as busy: a flush in the background is. */
    static long[] cpuTicks() {
        try {
            String cpu = Files.readAllLines(STAT).get(0);
            return parse(cpu);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the first line of {@code /proc/stat} ("cpu user nice system idle iowait irq softirq steal ..."). */
    static long[] parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 6) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest and guest_nice are counted in user and nice already
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4])};
    }
}
