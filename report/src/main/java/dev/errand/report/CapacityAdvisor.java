package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a function's trend into a {@link Verdict}.
 *
 * <ul>
 *   <li><b>Saturated</b>: some bucket's delay p95 exceeds {@link Thresholds#maxDelay()} while process time
 *       stayed level. The problem starts at the first bucket of the run of rising buckets that leads to the
 *       crossing (buckets above twice the earlier delay, and at least 50 ms above it). Advice by Little's law:
 *       arrival rate from that bucket on (attempts by ready time, ts − delay, up to the last ready time seen)
 *       × mean process time = busy workers needed, against the busy workers the log shows
 *       (process time summed / time) → how many to add.</li>
 *   <li><b>Slow processing</b>: process p50 rose to {@link Thresholds#slowdown()} × its early level and
 *       stayed there; with or without a delay crossing. Adding workers would not fix the cause.</li>
 *   <li><b>Failing</b>: the retry or dead share exceeds its threshold (added to any of the above).</li>
 *   <li><b>Healthy</b> otherwise, with the same Little's-law figures as a sense of headroom.</li>
 * </ul>
 */
public final class CapacityAdvisor {
    private static final long RISE_MIN_MICROS = 50_000;

    private final Thresholds thresholds;
    private final ZoneId zone;

    public CapacityAdvisor(Thresholds thresholds, ZoneId zone) {
        this.thresholds = thresholds;
        this.zone = zone;
    }

    public List<Verdict> judge(Analysis analysis) {
        List<Verdict> out = new ArrayList<>();
        for (FunctionReport f : analysis.functions()) {
            out.add(judge(f));
        }
        return out;
    }

    public Verdict judge(FunctionReport f) {
        List<TrendPoint> pts =
                f.trend().stream().filter(TrendPoint::hasAttempts).toList();
        boolean withDate = Format.spansDays(f.first(), f.last(), zone);
        List<String> findings = new ArrayList<>();
        Verdict.Kind kind = Verdict.Kind.HEALTHY;
        Instant since = null;
        Capacity capacity = null;
        long limit = thresholds.maxDelayMicros();

        int crossing = firstIndex(pts, p -> p.delayP95() > limit);
        if (crossing >= 0) {
            long base = crossing == 0 ? -1 : median(pts.subList(0, crossing), TrendPoint::delayP95);
            long rise = base < 0 ? limit : Math.min(limit, Math.max(2 * base, base + RISE_MIN_MICROS));
            int onset = crossing;
            while (onset > 0 && pts.get(onset - 1).delayP95() > rise) {
                onset--;
            }
            List<TrendPoint> after = pts.subList(onset, pts.size());
            long peak = after.stream().mapToLong(TrendPoint::delayP95).max().orElse(0);
            long procBefore = onset > 0 ? median(pts.subList(0, onset), TrendPoint::processP50) : earlyProcess(pts);
            long procAfter = median(after, TrendPoint::processP50);
            capacity = saturatedCapacity(f, after);
            String from = Format.clock(after.get(0).start(), zone, withDate);
            String delayRose = base < 0
                    ? "delay p95 was above " + Format.micros(limit) + " from the start of the log (up to "
                            + Format.micros(peak) + ")"
                    : "delay p95 rose from " + Format.micros(base) + " to " + Format.micros(peak);
            int slowAt = slowOnset(pts, procBefore);
            if (procAfter > thresholds.slowdown() * procBefore && slowAt >= 0) {
                kind = Verdict.Kind.SLOW_PROCESSING;
                since = pts.get(slowAt).start();
                findings.add(slower(f, pts, procBefore, slowAt, withDate) + " and " + delayRose + " with it: "
                        + "the job itself got slower, so adding workers won't fix the cause; look at what it waits on "
                        + "(a database, a remote service, bigger inputs). At the new speed, "
                        + littlesLaw(capacity) + ", the log shows " + capacity.workersSeen() + " busy.");
            } else {
                kind = Verdict.Kind.SATURATED;
                since = after.get(0).start();
                String state = base < 0
                        ? "workers were already saturated when the log begins (" + from + ")"
                        : "workers are saturated from " + from;
                String seen = "the log shows " + capacity.workersSeen() + " " + plural(capacity.workersSeen(), "worker")
                        + " busy"
                        + (capacity.distinctWorkers() > 0
                                ? " (" + capacity.distinctWorkers() + " distinct worker ids)"
                                : "");
                if (capacity.workersNeededRoundedUp() > capacity.workersSeen()) {
                    findings.add(delayRose + " while process time stayed near " + Format.micros(procAfter) + ": "
                            + state + "; " + littlesLaw(capacity) + ", " + seen + " → add at least "
                            + capacity.workersToAdd() + " " + plural(capacity.workersToAdd(), "worker")
                            + " (or threads).");
                } else {
                    capacity = new Capacity(
                            capacity.arrivalPerSecond(),
                            capacity.meanProcessSeconds(),
                            capacity.workersNeeded(),
                            capacity.busyWorkers(),
                            capacity.distinctWorkers(),
                            0);
                    findings.add(delayRose + " while process time stayed near " + Format.micros(procAfter) + ", from "
                            + from + "; yet " + littlesLaw(capacity) + " and " + seen
                            + ": enough for this load, so jobs "
                            + "waited for workers that were stopped, paused or busy with other queues; check that enough "
                            + "workers poll this queue.");
                }
            }
        } else {
            long early = earlyProcess(pts);
            int slowAt = slowOnset(pts, early);
            capacity = wholeWindowCapacity(f, pts);
            if (slowAt >= 0) {
                kind = Verdict.Kind.SLOW_PROCESSING;
                since = pts.get(slowAt).start();
                findings.add(slower(f, pts, early, slowAt, withDate) + " while delay p95 stayed under "
                        + Format.micros(limit) + " (up to " + Format.micros(maxDelayP95(pts)) + "): the job itself "
                        + "got slower; the workers still keep up, but adding workers won't fix the cause; look at what "
                        + "it waits on (a database, a remote service, bigger inputs).");
            }
        }

        boolean retrying = f.retryRate() > thresholds.maxRetryRate();
        boolean dying = f.deadRate() > thresholds.maxDeadRate();
        if (retrying || dying) {
            if (kind == Verdict.Kind.HEALTHY) {
                kind = Verdict.Kind.FAILING;
            }
            List<String> parts = new ArrayList<>();
            if (retrying) {
                parts.add(Format.percent(f.retryRate()) + " of attempts failed and will retry ("
                        + Format.count(f.retry()) + " of " + Format.count(f.attempts()) + ", limit "
                        + Format.percent(thresholds.maxRetryRate()) + ")");
            }
            if (dying) {
                parts.add(Format.percent(f.deadRate()) + " failed for good (" + Format.count(f.dead()) + " dead, limit "
                        + Format.percent(thresholds.maxDeadRate()) + ")");
            }
            findings.add(capitalize(String.join(" and ", parts)) + ": the job is failing; look at its errors "
                    + "(errand job ID shows the last one) before tuning workers.");
        }

        boolean noDelayKnown = f.delayKnownAttempts() == 0;
        if (noDelayKnown && (kind == Verdict.Kind.HEALTHY || kind == Verdict.Kind.FAILING)) {
            // Without a single known delay, "healthy" would be a guess: say what is known instead.
            findings.add(unknownDelay(f) + ", so there is no verdict on capacity; process p50 "
                    + Format.micros(f.process().p50()) + ".");
        } else if (kind == Verdict.Kind.HEALTHY || (kind == Verdict.Kind.FAILING && findings.size() == 1)) {
            String healthy = "delay p95 stayed under " + Format.micros(limit) + " (highest bucket "
                    + Format.micros(maxDelayP95(pts)) + "), process p50 "
                    + Format.micros(f.process().p50());
            if (capacity != null) {
                healthy += "; " + littlesLaw(capacity) + " on average";
                if (capacity.distinctWorkers() > 0) {
                    healthy += ", the log shows " + capacity.distinctWorkers() + " distinct "
                            + plural(capacity.distinctWorkers(), "worker");
                }
            }
            findings.add(
                    kind == Verdict.Kind.HEALTHY ? "healthy: " + healthy + "." : "Capacity is fine: " + healthy + ".");
        }
        if (f.unknownDelay() > 0 && !noDelayKnown) {
            findings.add(unknownDelay(f) + "; they count in throughput and process time, not in the delay figures "
                    + "or this verdict.");
        }
        return new Verdict(f.fn(), kind, findings, since, capacity);
    }

    /** {@code Delay unknown for 3 attempts (Gearman jobs submitted by non-Errand clients)}. */
    static String unknownDelay(long attempts) {
        return "delay unknown for " + Format.count(attempts) + " " + plural(attempts, "attempt")
                + " (Gearman jobs submitted by non-Errand clients)";
    }

    private static String unknownDelay(FunctionReport f) {
        return capitalize(unknownDelay(f.unknownDelay()));
    }

    private String slower(FunctionReport f, List<TrendPoint> pts, long before, int slowAt, boolean withDate) {
        long after = median(pts.subList(slowAt, pts.size()), TrendPoint::processP50);
        return "process time p50 rose from " + Format.micros(before) + " to " + Format.micros(after) + " from "
                + Format.clock(pts.get(slowAt).start(), zone, withDate);
    }

    /** {@code arrival 60 jobs/s × 0.10 s = 6.0 busy workers needed}. */
    private static String littlesLaw(Capacity c) {
        return "arrival " + Format.jobsRate(c.arrivalPerSecond()) + " × " + Format.seconds(c.meanProcessSeconds())
                + " = " + Format.decimal(c.workersNeeded()) + " busy workers needed";
    }

    /** Little's law over the saturated stretch {@code after} (all points have attempts). */
    private static Capacity saturatedCapacity(FunctionReport f, List<TrendPoint> after) {
        Instant from = after.get(0).start();
        long arrivals = 0;
        for (TrendPoint p : f.trend()) {
            if (!p.start().isBefore(from)) {
                arrivals += p.arrivals();
            }
        }
        long widthMillis = after.get(0).width().toMillis();
        double seconds = Math.max(Duration.between(from, f.lastReady()).toMillis(), widthMillis) / 1000.0;
        double lambda = arrivals / seconds;
        return capacity(lambda, after, true);
    }

    private static Capacity wholeWindowCapacity(FunctionReport f, List<TrendPoint> pts) {
        if (pts.isEmpty()) {
            return null;
        }
        double seconds = pts.stream().mapToDouble(TrendPoint::seconds).sum();
        double lambda = f.window().toMillis() > 0 ? f.throughput() : f.attempts() / seconds;
        return capacity(lambda, pts, false);
    }

    /** {@code saturated}: the log proves workers are short, so advise at least one more. */
    private static Capacity capacity(double lambda, List<TrendPoint> pts, boolean saturated) {
        long attempts = 0;
        long processSum = 0;
        double seconds = 0;
        int distinct = 0;
        for (TrendPoint p : pts) {
            attempts += p.attempts();
            processSum += p.processSumMicros();
            seconds += p.seconds();
            distinct = Math.max(distinct, p.distinctWorkers());
        }
        double mean = attempts == 0 ? 0 : processSum / 1e6 / attempts;
        double busy = seconds == 0 ? 0 : processSum / 1e6 / seconds;
        double needed = lambda * mean;
        Capacity probe = new Capacity(lambda, mean, needed, busy, distinct, 0);
        int toAdd = Math.max(1, probe.workersNeededRoundedUp() - probe.workersSeen());
        boolean shortOfWorkers = saturated || probe.workersNeededRoundedUp() > probe.workersSeen();
        return new Capacity(lambda, mean, needed, busy, distinct, shortOfWorkers ? toAdd : 0);
    }

    /** The first bucket from which process p50 stays (by median) above slowdown × {@code base}, or -1. */
    private int slowOnset(List<TrendPoint> pts, long base) {
        double limit = thresholds.slowdown() * Math.max(base, 1);
        for (int k = 0; k < pts.size(); k++) {
            if (pts.get(k).processP50() > limit
                    && median(pts.subList(k, pts.size()), TrendPoint::processP50) > limit
                    && k > 0) {
                return k;
            }
        }
        return -1;
    }

    /** The process p50 of the first quarter of the buckets: what "normal" was. */
    private static long earlyProcess(List<TrendPoint> pts) {
        return pts.isEmpty() ? 0 : median(pts.subList(0, Math.max(1, pts.size() / 4)), TrendPoint::processP50);
    }

    private static long maxDelayP95(List<TrendPoint> pts) {
        return pts.stream().mapToLong(TrendPoint::delayP95).max().orElse(0);
    }

    private static int firstIndex(List<TrendPoint> pts, java.util.function.Predicate<TrendPoint> test) {
        for (int i = 0; i < pts.size(); i++) {
            if (test.test(pts.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static long median(List<TrendPoint> pts, java.util.function.ToLongFunction<TrendPoint> value) {
        if (pts.isEmpty()) {
            return 0;
        }
        long[] v = pts.stream().mapToLong(value).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
