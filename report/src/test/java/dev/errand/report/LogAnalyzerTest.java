package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogAnalyzerTest {

    @Test
    void analysis_countsAndPercentilesMatchTheGeneratedLogWithinHdrPrecision() {
        List<SyntheticLog.Attempt> attempts = Scenarios.saturated().attempts();
        Analysis a = Scenarios.analyse(
                attempts.stream().map(SyntheticLog.Attempt::line).toList());

        assertThat(a.timingLines()).isEqualTo(attempts.size());
        assertThat(a.skippedLines()).isZero();
        assertThat(a.functions()).hasSize(1);
        FunctionReport f = a.functions().get(0);
        assertThat(f.fn()).isEqualTo("BookmarkService.fetchSummary");
        assertThat(f.attempts()).isEqualTo(attempts.size());
        assertThat(f.ok()).isEqualTo(attempts.size());
        assertThat(f.distinctWorkers()).isEqualTo(4);

        long[] delays =
                attempts.stream().mapToLong(SyntheticLog.Attempt::delayMicros).toArray();
        long[] process =
                attempts.stream().mapToLong(SyntheticLog.Attempt::processMicros).toArray();
        for (double p : new double[] {50, 95, 99}) {
            assertWithinHdrPrecision(f.delay(), p, SyntheticLog.percentile(delays, p));
            assertWithinHdrPrecision(f.process(), p, SyntheticLog.percentile(process, p));
        }
        assertThat((double) f.delay().max())
                .isCloseTo(
                        SyntheticLog.percentile(delays, 100), within(SyntheticLog.percentile(delays, 100) * 0.001 + 1));

        // 12,000 jobs in the first 10 minutes, then the 4 workers serve 4 / 0.102 s (100 ms plus ~2 ms to pick
        // the job up) = 39.2 jobs/s: about 35,500 in 20 minutes
        assertThat(f.attempts()).isBetween(35_400L, 35_700L);
        assertThat(f.throughput()).isCloseTo(29.6, within(0.2));
        assertThat(f.first()).isEqualTo(Scenarios.T0.plusMillis(1));
        assertThat(f.last())
                .isBetween(
                        Scenarios.T0.plus(Duration.ofMinutes(20)).minusSeconds(1),
                        Scenarios.T0.plus(Duration.ofMinutes(20)));
    }

    @Test
    void trend_showsThroughputArrivalsAndDelayPerBucket() {
        List<SyntheticLog.Attempt> attempts = Scenarios.saturated().attempts();
        Analysis a = Scenarios.analyse(
                attempts.stream().map(SyntheticLog.Attempt::line).toList());
        assertThat(a.bucketWidth()).isEqualTo(Duration.ofSeconds(30));
        List<TrendPoint> trend = a.functions().get(0).trend();
        assertThat(trend).hasSize(40);
        TrendPoint calm = point(trend, "14:05:00");
        assertThat(calm.throughput()).isCloseTo(20, within(0.1));
        assertThat(calm.arrivalRate()).isCloseTo(20, within(0.1));
        assertThat(calm.delayP95()).isLessThan(5_000);
        assertThat(calm.busyWorkers()).isCloseTo(2.0, within(0.05));
        assertThat(calm.distinctWorkers()).isEqualTo(4);

        TrendPoint busy = point(trend, "14:15:00");
        assertThat(busy.throughput()).isCloseTo(39.2, within(0.2)); // capacity: 4 workers / 0.102 s
        assertThat(busy.busyWorkers()).isCloseTo(3.92, within(0.05));
        long[] delays = attempts.stream()
                .filter(x -> x.beginMicros() >= 900_000_000L && x.beginMicros() < 930_000_000L)
                .mapToLong(SyntheticLog.Attempt::delayMicros)
                .toArray();
        assertThat(busy.attempts()).isEqualTo(delays.length);
        // two significant digits per bucket: within 1 %
        assertThat((double) busy.delayP50())
                .isCloseTo(SyntheticLog.percentile(delays, 50), within(SyntheticLog.percentile(delays, 50) * 0.01));
        assertThat((double) busy.delayP95())
                .isCloseTo(SyntheticLog.percentile(delays, 95), within(SyntheticLog.percentile(delays, 95) * 0.01));
        assertThat(point(trend, "14:10:30").arrivalRate()).isCloseTo(60, within(0.2));
    }

    @Test
    void analysis_doesNotDependOnLineOrderOrHowFilesAreSplit() {
        List<String> lines = Scenarios.saturated().lines();
        Analysis sorted = Scenarios.analyse(lines);
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(42));
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        // the later half first, as when files are named in the wrong order
        shuffled.subList(shuffled.size() / 2, shuffled.size()).forEach(analyzer::accept);
        shuffled.subList(0, shuffled.size() / 2).forEach(analyzer::accept);
        Analysis mixed = analyzer.finish();
        assertThat(mixed.functions()).isEqualTo(sorted.functions());
    }

    @Test
    void analysis_keepsFunctionsApartAndSortsThem() {
        List<String> lines = new ArrayList<>(Scenarios.saturated().lines());
        lines.addAll(Scenarios.healthy().lines());
        Analysis a = Scenarios.analyse(lines);
        assertThat(a.functions())
                .extracting(FunctionReport::fn)
                .containsExactly("BookmarkService.fetchSummary", "MailService.send");
        assertThat(a.functions().get(1).trend())
                .hasSameSizeAs(a.functions().get(0).trend());
    }

    @Test
    void analysis_countsForeignAndMalformedLines() {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        analyzer.accept("2026-11-28 14:00:00 INFO app started");
        analyzer.accept("");
        analyzer.accept(
                "ts=2026-11-28T14:00:00.000Z fn=A.b id=1 queue=q attempt=1 status=ok delay_ms=oops process_ms=1");
        analyzer.accept(
                "ts=2026-11-28T14:00:00.000Z fn=A.b id=1 queue=q attempt=1 status=ok delay_ms=1.000 process_ms=2.000 backend=memory worker=h:1:w1");
        Analysis a = analyzer.finish();
        assertThat(a.lines()).isEqualTo(3);
        assertThat(a.foreignLines()).isEqualTo(1);
        assertThat(a.malformedLines()).isEqualTo(1);
        assertThat(a.timingLines()).isEqualTo(1);
    }

    @Test
    void memory_staysBoundedByBucketsForAMonthOfLog() {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        Instant t = Scenarios.T0;
        for (int minute = 0; minute < 30 * 24 * 60; minute++) {
            analyzer.accept("ts=" + t.plusSeconds(60L * minute)
                    + " fn=Nightly.job status=ok delay_ms=3.000 process_ms=50.000 worker=h:1:w1");
        }
        Analysis a = analyzer.finish();
        assertThat(a.functions().get(0).trend().size()).isLessThanOrEqualTo(BucketGrid.DEFAULT_MAX_BUCKETS);
        assertThat(a.bucketWidth()).isEqualTo(Duration.ofDays(1));
        assertThat(a.functions().get(0).trend().stream()
                        .mapToLong(TrendPoint::attempts)
                        .sum())
                .isEqualTo(30 * 24 * 60);
    }

    @Test
    void fixedBuckets_useTheRequestedWidth() {
        LogAnalyzer analyzer = LogAnalyzer.fixedBuckets(Duration.ofMinutes(1));
        Scenarios.saturated().lines().forEach(analyzer::accept);
        Analysis a = analyzer.finish();
        assertThat(a.bucketWidth()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.functions().get(0).trend()).hasSize(20);
    }

    @Test
    void arrivalsFarBeforeTheWindow_doNotCoarsenTheTrend() {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        Scenarios.healthy().lines().forEach(analyzer::accept);
        // one attempt of a job that became ready three days earlier
        analyzer.accept(
                "ts=2026-11-28T14:05:00.000Z fn=MailService.send status=ok delay_ms=259200000.000 process_ms=100.000");
        Analysis a = analyzer.finish();
        assertThat(a.bucketWidth()).isEqualTo(Duration.ofSeconds(30));
    }

    private static TrendPoint point(List<TrendPoint> trend, String utcTime) {
        Instant at = Instant.parse("2026-11-28T" + utcTime + "Z");
        return trend.stream().filter(p -> p.start().equals(at)).findFirst().orElseThrow();
    }

    private static void assertWithinHdrPrecision(Percentiles actual, double p, long exact) {
        long value = p == 50 ? actual.p50() : p == 95 ? actual.p95() : actual.p99();
        assertThat((double) value).as("p%s", p).isCloseTo(exact, within(exact * 0.001 + 1));
    }
}
