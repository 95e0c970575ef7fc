package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Makes timing logs with known behaviour by simulating a FIFO queue served by N workers: jobs arrive at
 * a steady rate per phase, each worker takes the oldest job when free, the attempt's line carries the
 * exact delay (start − arrival) and process time. Lines come out in the order a real log has them: by
 * the end of the attempt (the worker writes the line when the attempt is done), so {@code ts} is not sorted.
 * Jobs still queued when the log ends are not logged, as in life.
 */
public final class SyntheticLog {

    /** From {@code at} on, jobs arrive at {@code perSecond} and take {@code process} each (±10 %, mean exact). */
    public record Phase(Duration at, double perSecond, Duration process) {}

    /** One simulated attempt. */
    public record Attempt(
            long beginMicros,
            long delayMicros,
            long processMicros,
            String worker,
            String status,
            String line,
            double endMillis) {}

    private final Instant start;
    private final Duration length;
    private final List<Phase> phases = new ArrayList<>();
    private String fn = "BookmarkService.fetchSummary";
    private String host = "web-1";
    private int workers = 4;
    private int retryEvery;
    private double pauseFrom = -1;
    private double pauseTo = -1;
    private int deadEvery;

    private SyntheticLog(Instant start, Duration length) {
        this.start = start;
        this.length = length;
    }

    public static SyntheticLog of(Instant start, Duration length) {
        return new SyntheticLog(start, length);
    }

    public SyntheticLog phase(Duration at, double perSecond, Duration process) {
        phases.add(new Phase(at, perSecond, process));
        return this;
    }

    public SyntheticLog fn(String name) {
        this.fn = name;
        return this;
    }

    public SyntheticLog host(String name) {
        this.host = name;
        return this;
    }

    public SyntheticLog workers(int n) {
        this.workers = n;
        return this;
    }

    /** No worker starts a job between {@code from} and {@code to} (workers stopped, e.g. a deploy). */
    public SyntheticLog pause(Duration from, Duration to) {
        this.pauseFrom = from.toMillis();
        this.pauseTo = to.toMillis();
        return this;
    }

    /** Every n-th attempt fails with status=retry. */
    public SyntheticLog retryEvery(int n) {
        this.retryEvery = n;
        return this;
    }

    /** Every n-th attempt fails with status=dead. */
    public SyntheticLog deadEvery(int n) {
        this.deadEvery = n;
        return this;
    }

    /** Runs the simulation; attempts in log order (by end time). */
    public List<Attempt> attempts() {
        double endMs = length.toMillis();
        double[] free = new double[workers];
        List<Attempt> out = new ArrayList<>();
        long startEpoch = start.toEpochMilli();
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        int i = 0;
        for (int p = 0; p < phases.size(); p++) {
            Phase ph = phases.get(p);
            double from = ph.at().toMillis();
            double to = p + 1 < phases.size() ? phases.get(p + 1).at().toMillis() : endMs;
            double gap = 1000.0 / ph.perSecond();
            for (double arrival = from; arrival < to; arrival += gap, i++) {
                int w = 0;
                for (int k = 1; k < workers; k++) {
                    if (free[k] < free[w]) {
                        w = k;
                    }
                }
                double poll = 1 + (i % 3); // 1-3 ms from ready to the worker noticing
                double begin = Math.max(arrival, free[w]) + poll;
                if (begin >= pauseFrom && begin < pauseTo) {
                    begin = pauseTo + poll;
                }
                if (begin >= endMs) {
                    continue; // still queued when the log ends
                }
                double process = ph.process().toNanos() / 1e6 * (1 + ((i % 21) - 10) / 100.0);
                free[w] = begin + process;
                long beginMicros = Math.round(begin * 1000);
                long delayMicros = beginMicros - Math.round(arrival * 1000);
                long processMicros = Math.round(process * 1000);
                String status = retryEvery > 0 && i % retryEvery == retryEvery - 1
                        ? "retry"
                        : deadEvery > 0 && i % deadEvery == deadEvery - 2 ? "dead" : "ok";
                String worker = host + ":4711:w" + (w + 1);
                Instant ts = Instant.ofEpochMilli(startEpoch + beginMicros / 1000);
                String line =
                        "ts=" + iso.format(ts) + " fn=" + fn + " id=" + (i + 1) + " queue=q attempt=1 status=" + status
                                + " delay_ms=" + millis(delayMicros) + " process_ms=" + millis(processMicros)
                                + " backend=memory worker=" + worker;
                out.add(new Attempt(beginMicros, delayMicros, processMicros, worker, status, line, begin + process));
            }
        }
        out.sort(Comparator.comparingDouble(Attempt::endMillis));
        return out;
    }

    public List<String> lines() {
        return attempts().stream().map(Attempt::line).toList();
    }

    /** The nearest-rank percentile of {@code values}, as HdrHistogram defines it. */
    public static long percentile(long[] values, double p) {
        long[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%d.%03d", micros / 1000, micros % 1000);
    }
}
