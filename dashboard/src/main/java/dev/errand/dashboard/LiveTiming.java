package dev.errand.dashboard;

import dev.errand.report.Analysis;
import dev.errand.report.FunctionReport;
import dev.errand.report.LogAnalyzer;
import dev.errand.report.Report;
import dev.errand.report.Thresholds;
import dev.errand.report.TrendPoint;
import dev.errand.report.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's live figures per job name over the last hour: {@code errand report}'s analysis and verdicts
 * ({@link LogAnalyzer}, {@link Report}) over the lines of a {@link TimingFeed}, recomputed at most every
 * {@code ttl}.
 */
final class LiveTiming {
    private static final Duration BUCKET = Duration.ofMinutes(1);

    /** One job name's row: figures over the window, its verdict, and per-minute sparklines. */
    record Row(
            String fn,
            long attempts,
            double perSecond,
            String delayP95,
            String processP95,
            Verdict.Kind kind,
            String verdict,
            String throughputPoints,
            String delayPoints) {}

    /** What the overview shows: rows, or why there are none. */
    record View(List<Row> rows, String absent) {}

    private final TimingFeed feed;
    private final TimingFile file;
    private final Clock clock;
    private final Duration ttl;
    private View cached;
    private Instant cachedAt;

    LiveTiming(TimingFeed feed, TimingFile file, Clock clock, Duration ttl) {
        this.feed = feed;
        this.file = file;
        this.clock = clock;
        this.ttl = ttl;
    }

    synchronized View view() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedAt.plus(ttl))) {
            cached = compute(now);
            cachedAt = now;
        }
        return cached;
    }

    private View compute(Instant now) {
        if (feed == null) {
            return new View(
                    List.of(),
                    "No live timing data in this mode: start the dashboard with --timing-log FILE (the workers' timing"
                            + " log), or give the workers the dashboard's TimingFeed when you embed it.");
        }
        if (file != null) {
            try {
                if (!file.poll()) {
                    return new View(List.of(), "The timing log " + file.path() + " does not exist yet.");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the timing log " + file.path(), e);
            }
        }
        List<String> lines = feed.window(now);
        if (lines.isEmpty()) {
            return new View(List.of(), "No job attempts in the last hour.");
        }
        LogAnalyzer analyzer = LogAnalyzer.fixedBuckets(BUCKET);
        lines.forEach(analyzer::accept);
        Analysis analysis = analyzer.finish();
        if (analysis.functions().isEmpty()) {
            return new View(List.of(), "No job attempts in the last hour.");
        }
        Report report = Report.of(analysis, Thresholds.DEFAULTS, ZoneOffset.UTC);
        List<Row> rows = new ArrayList<>();
        for (FunctionReport f : analysis.functions()) {
            Verdict v = report.verdict(f.fn());
            List<TrendPoint> trend = whole(f.trend());
            rows.add(new Row(
                    f.fn(),
                    f.attempts(),
                    f.throughput(),
                    Fmt.micros(f.delay().p95()),
                    Fmt.micros(f.process().p95()),
                    v.kind(),
                    v.text(),
                    Charts.points(trend.stream()
                            .map(p -> p.hasAttempts() ? p.throughput() : 0.0)
                            .toList()),
                    Charts.points(trend.stream().map(p -> (double) p.delayP95()).toList())));
        }
        return new View(List.copyOf(rows), null);
    }

    /** The trend without its first and last minute, which the window covers only in part (their rates would jump). */
    private static List<TrendPoint> whole(List<TrendPoint> trend) {
        return trend.size() > 4 ? trend.subList(1, trend.size() - 1) : trend;
    }
}
