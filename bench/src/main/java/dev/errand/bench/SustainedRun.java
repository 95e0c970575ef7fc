package dev.errand.bench;

import dev.errand.bench.backend.Session;
import dev.errand.bench.backend.Target;
import dev.errand.config.Durations;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Does the runtime hold up: producers and one worker together at the highest rate they sustain (the
 * producers stay at most {@link #AHEAD} jobs ahead, so the backlog cannot grow), for minutes to hours, with finished
 * jobs kept {@link #RETENTION}. Every {@link #SAMPLE} it writes one line: jobs run per second, the p50/p99/max
 * enqueue-to-start delay of the jobs started in that window (from the timing log's {@code delay_ms}), the rows or
 * keys the store holds, and this JVM's resident memory and heap in use. What should stay flat after the first
 * minutes: the store, the p99 delay and the RSS.
 */
final class SustainedRun {
    static final String RETENTION = "1m";
    static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final long AHEAD = 2_000;
    private static final int PRODUCERS = 2;

    /** One window of the run. */
    record Sample(
            long seconds,
            double jobsPerSecond,
            double p50Ms,
            double p99Ms,
            double maxMs,
            long storeSize,
            long rssKib,
            long heapMib) {
        String csv() {
            return String.format(
                    Locale.ROOT,
                    "%d,%.0f,%.2f,%.2f,%.2f,%d,%d,%d",
                    seconds,
                    jobsPerSecond,
                    p50Ms,
                    p99Ms,
                    maxMs,
                    storeSize,
                    rssKib,
                    heapMib);
        }
    }

    static final String CSV_HEADER =
            "seconds,jobs_per_s,delay_p50_ms,delay_p99_ms,delay_max_ms,store_size,rss_kib,heap_mib";

    private final Target target;
    private final Map<String, String> properties;
    private final PrintStream progress;

    SustainedRun(Target target, Map<String, String> properties, PrintStream progress) {
        this.target = target;
        this.properties = properties;
        this.progress = progress;
    }

    /** Runs for {@code length}; writes the samples as CSV and an SVG chart next to {@code out} when it is given. */
    Row run(int threads, Duration length, Path out) {
        Map<String, String> p = new HashMap<>(properties);
        p.put("errand." + target.configPrefix() + ".retention", RETENTION);
        p.put("errand.timing.enabled", "true"); // to the listener only: the bench's logger errand.timing is off
        Recorder delays = new Recorder(3);
        List<Sample> samples = new ArrayList<>();
        try (Session s = target.open(p)) {
            Worker worker = s.workers()
                    .worker()
                    .register(new BenchService())
                    .threads(threads)
                    .name("bench")
                    .timingListener(line -> delays.recordValue(delayMicros(line)))
                    .start();
            AtomicLong enqueued = new AtomicLong();
            long start = System.nanoTime();
            long end = start + length.toNanos();
            List<Thread> producers = new ArrayList<>();
            for (int i = 0; i < PRODUCERS; i++) {
                Thread t = new Thread(
                        () -> {
                            while (System.nanoTime() < end) {
                                if (enqueued.get() - worker.stats().succeeded() > AHEAD) {
                                    LockSupport.parkNanos(200_000);
                                    continue;
                                }
                                Scenarios.fill(s.client(), Scenarios.BATCH, null);
                                enqueued.addAndGet(Scenarios.BATCH);
                            }
                        },
                        "bench-producer-" + i);
                producers.add(t);
                t.start();
            }
            try {
                long lastDone = 0;
                Histogram window = null;
                for (long next = start + SAMPLE.toNanos(); next <= end; next += SAMPLE.toNanos()) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    long done = worker.stats().succeeded();
                    window = delays.getIntervalHistogram(window);
                    Sample sample = new Sample(
                            (next - start) / 1_000_000_000L,
                            (done - lastDone) / (double) SAMPLE.toSeconds(),
                            window.getValueAtPercentile(50) / 1000.0,
                            window.getValueAtPercentile(99) / 1000.0,
                            window.getMaxValue() / 1000.0,
                            s.storeSize(),
                            rssKib(),
                            heapMib());
                    lastDone = done;
                    samples.add(sample);
                    progress.printf(Locale.ROOT, "[%s] sustained %s%n", target.name(), sample.csv());
                }
                Scenarios.joinAll(producers, end + 60_000_000_000L);
            } finally {
                worker.close();
            }
        }
        if (out != null) {
            write(out, samples);
        }
        return summary(threads, length, samples);
    }

    private Row summary(int threads, Duration length, List<Sample> samples) {
        // Past the first fifth (warm-up, the first retention period) against the last fifth: flat means alike.
        int fifth = Math.max(1, samples.size() / 5);
        List<Sample> early = samples.subList(Math.min(fifth, samples.size() - 1), Math.min(2 * fifth, samples.size()));
        List<Sample> late = samples.subList(Math.max(0, samples.size() - fifth), samples.size());
        double rate =
                samples.stream().mapToDouble(Sample::jobsPerSecond).average().orElse(0);
        String note = String.format(
                Locale.ROOT,
                "%s at retention %s; 2nd fifth → last fifth: store %,d → %,d, "
                        + "delay p99 %.0f → %.0f ms, RSS %,d → %,d MiB",
                Durations.format(length),
                RETENTION,
                max(early, Sample::storeSize),
                max(late, Sample::storeSize),
                maxD(early, Sample::p99Ms),
                maxD(late, Sample::p99Ms),
                max(early, Sample::rssKib) / 1024,
                max(late, Sample::rssKib) / 1024);
        progress.printf("[%s] sustained: %,.0f jobs/s; %s%n", target.name(), rate, note);
        return new Row(
                target.name(),
                "sustained " + Durations.format(length),
                (long) (rate * length.toSeconds()),
                threads,
                "off",
                rate,
                null,
                Double.NaN,
                Double.NaN,
                note);
    }

    private static long max(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        return samples.stream().mapToLong(f).max().orElse(-1);
    }

    private static double maxD(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** The {@code delay_ms} of a timing line, in microseconds. */
    static long delayMicros(String line) {
        int at = line.indexOf(" delay_ms=");
        if (at < 0) {
            return 0;
        }
        int from = at + " delay_ms=".length();
        int to = line.indexOf(' ', from);
        return Math.round(Double.parseDouble(line.substring(from, to < 0 ? line.length() : to)) * 1000);
    }

    /** This JVM's resident set, from /proc (Linux); -1 elsewhere. */
    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static long heapMib() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }

    private void write(Path out, List<Sample> samples) {
        String base = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path dir = out.toAbsolutePath().getParent();
        Path csv = dir.resolve(base + "-sustained-" + target.name() + ".csv");
        Path svg = dir.resolve(base + "-sustained-" + target.name() + ".svg");
        StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
        samples.forEach(s -> text.append(s.csv()).append('\n'));
        try {
            Files.writeString(csv, text);
            Files.writeString(
                    svg, SustainedChart.render(target.name() + ", sustained load, retention " + RETENTION, samples));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv + " or " + svg, e);
        }
        progress.println("[" + target.name() + "] sustained: samples in " + csv + ", chart in " + svg);
    }
}
