package dev.errand.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the memory of every live child of a process at a fixed period from
 * {@code /proc/<pid>/status} (Linux): {@code VmHWM}, the resident set's high-water mark, and
 * {@code VmRSS}. A child's last sample before it exits holds its peak.
 */
final class ChildMemorySampler implements AutoCloseable {
    /** A child's memory as last sampled: high-water mark and largest RSS seen, in KiB. */
    record Memory(long pid, long peakKb, long maxRssKb, int samples) {}

    private final ProcessHandle parent;
    private final Map<Long, Memory> memory = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "child-memory-sampler");
        t.setDaemon(true);
        return t;
    });

    ChildMemorySampler(ProcessHandle parent, Duration period) {
        this.parent = parent;
        timer.scheduleAtFixedRate(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        parent.children().forEach(child -> {
            String status;
            try {
                status = Files.readString(Path.of("/proc", Long.toString(child.pid()), "status"));
            } catch (IOException e) {
                return; // it has just exited
            }
            long hwm = kb(status, "VmHWM:");
            long rss = kb(status, "VmRSS:");
            if (hwm < 0 || rss < 0) {
                return; // a zombie: no memory left to read
            }
            memory.merge(
                    child.pid(),
                    new Memory(child.pid(), hwm, rss, 1),
                    (a, b) -> new Memory(
                            a.pid(),
                            Math.max(a.peakKb(), b.peakKb()),
                            Math.max(a.maxRssKb(), b.maxRssKb()),
                            a.samples() + 1));
        });
    }

    private static long kb(String status, String field) {
        int at = status.indexOf(field);
        if (at < 0) {
            return -1;
        }
        int end = status.indexOf('\n', at);
        String value = status.substring(at + field.length(), end < 0 ? status.length() : end)
                .trim();
        return Long.parseLong(value.split("\\s+")[0]);
    }

    /** Every child sampled so far, by pid. */
    Map<Long, Memory> memory() {
        return new TreeMap<>(memory);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
