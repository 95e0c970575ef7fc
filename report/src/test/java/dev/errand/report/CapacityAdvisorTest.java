package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CapacityAdvisorTest {
    private final CapacityAdvisor advisor = new CapacityAdvisor(Thresholds.DEFAULTS, ZoneOffset.UTC);

    @Test
    void saturated_namesTheStartAndTheWorkersToAdd() {
        Verdict v = judge(Scenarios.saturated());

        assertThat(v.kind()).isEqualTo(Verdict.Kind.SATURATED);
        assertThat(v.since()).isEqualTo(Instant.parse("2026-11-28T14:10:00Z"));
        Capacity c = v.capacity();
        assertThat(c.arrivalPerSecond()).isCloseTo(60, within(1.0));
        assertThat(c.meanProcessSeconds()).isCloseTo(0.100, within(0.001));
        assertThat(c.workersNeeded()).isCloseTo(6.0, within(0.1));
        assertThat(c.busyWorkers()).isCloseTo(4.0, within(0.1));
        assertThat(c.workersSeen()).isEqualTo(4);
        assertThat(c.distinctWorkers()).isEqualTo(4);
        assertThat(c.workersToAdd()).isEqualTo(2);
        assertThat(v.text())
                .startsWith("BookmarkService.fetchSummary: delay p95 rose from ")
                .contains("while process time stayed near 100 ms: workers are saturated from 14:10;")
                .contains("arrival 60 jobs/s × 0.1 s = 6.0 busy workers needed, the log shows 4 workers busy "
                        + "(4 distinct worker ids) → add at least 2 workers (or threads).");
    }

    @Test
    void saturated_reportsTheDelayBeforeAndAtItsPeak() {
        Verdict v = judge(Scenarios.saturated());
        // before 14:10 delay is the 1-3 ms poll latency; each job holds a worker 102 ms (with the poll), so 4 workers
        // serve 39.2/s of the 60/s arriving and the last jobs waited about 3.5 min
        assertThat(v.text()).containsPattern("delay p95 rose from [1-3]\\.\\d ms to 3\\.[4-6] min");
    }

    @Test
    void saturated_lowerThresholdFindsTheSameStart() {
        CapacityAdvisor strict =
                new CapacityAdvisor(new Thresholds(Duration.ofMillis(500), 0.05, 0.01, 2), ZoneOffset.UTC);
        Verdict v = strict.judge(
                Scenarios.analyse(Scenarios.saturated().lines()).functions().get(0));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.SATURATED);
        assertThat(v.since()).isEqualTo(Instant.parse("2026-11-28T14:10:00Z"));
    }

    @Test
    void saturated_clockTimesFollowTheZone() {
        CapacityAdvisor berlin = new CapacityAdvisor(Thresholds.DEFAULTS, ZoneId.of("Europe/Berlin"));
        Verdict v = berlin.judge(
                Scenarios.analyse(Scenarios.saturated().lines()).functions().get(0));
        assertThat(v.text()).contains("workers are saturated from 15:10;");
    }

    @Test
    void delayFromStoppedWorkers_isNotBlamedOnTooFewWorkers() {
        SyntheticLog log = SyntheticLog.of(Scenarios.T0, Scenarios.TWENTY_MINUTES)
                .fn("Deploy.gap")
                .phase(Duration.ZERO, 20, Duration.ofMillis(100))
                .pause(Duration.ofMinutes(5), Duration.ofMinutes(8));
        Verdict v = judge(log);
        assertThat(v.kind()).isEqualTo(Verdict.Kind.SATURATED);
        assertThat(v.capacity().workersToAdd()).isZero();
        assertThat(v.text())
                .contains("enough for this load, so jobs waited for workers that were stopped, paused or busy "
                        + "with other queues; check that enough workers poll this queue.");
    }

    @Test
    void healthy_saysSoWithTheHeadroom() {
        Verdict v = judge(Scenarios.healthy());
        assertThat(v.kind()).isEqualTo(Verdict.Kind.HEALTHY);
        assertThat(v.since()).isNull();
        assertThat(v.capacity().workersNeeded()).isCloseTo(2.0, within(0.05));
        assertThat(v.capacity().workersToAdd()).isZero();
        assertThat(v.text())
                .isEqualTo("MailService.send: healthy: delay p95 stayed under 5.0 s (highest bucket 3.0 ms), "
                        + "process p50 100 ms; arrival 20 jobs/s × 0.1 s = 2.0 busy workers needed on average, "
                        + "the log shows 4 distinct workers.");
    }

    @Test
    void slowerProcessing_blamesTheJobNotTheWorkerCount() {
        Verdict v = judge(Scenarios.slower());
        assertThat(v.kind()).isEqualTo(Verdict.Kind.SLOW_PROCESSING);
        assertThat(v.since()).isEqualTo(Instant.parse("2026-11-28T14:10:00Z"));
        assertThat(v.text())
                .contains("process time p50 rose from 100 ms to 300 ms from 14:10 and delay p95 rose from ")
                .contains("the job itself got slower, so adding workers won't fix the cause");
    }

    @Test
    void slowerProcessing_isReportedEvenBeforeDelayCrossesTheThreshold() {
        SyntheticLog log = SyntheticLog.of(Scenarios.T0, Scenarios.TWENTY_MINUTES)
                .fn("Slow.job")
                .workers(20)
                .phase(Duration.ZERO, 10, Duration.ofMillis(100))
                .phase(Duration.ofMinutes(10), 10, Duration.ofMillis(400));
        Verdict v = judge(log);
        assertThat(v.kind()).isEqualTo(Verdict.Kind.SLOW_PROCESSING);
        assertThat(v.text())
                .containsPattern(
                        "process time p50 rose from 10\\d ms to 40\\d ms from 14:10 while delay p95 stayed under 5\\.0 s");
    }

    @Test
    void failing_reportsTheRetryShare() {
        Verdict v = judge(Scenarios.failing());
        assertThat(v.kind()).isEqualTo(Verdict.Kind.FAILING);
        assertThat(v.findings().get(0))
                .isEqualTo("10.0% of attempts failed and will retry (2,400 of 24,000, limit 5.0%): the job is failing; "
                        + "look at its errors (errand job ID shows the last one) before tuning workers.");
        assertThat(v.findings().get(1)).startsWith("Capacity is fine: delay p95 stayed under 5.0 s");
    }

    @Test
    void failing_reportsTheDeadShare() {
        Verdict v = judge(Scenarios.healthy().deadEvery(50));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.FAILING);
        assertThat(v.text()).contains("2.0% failed for good (480 dead, limit 1.0%)");
    }

    private Verdict judge(SyntheticLog log) {
        return advisor.judge(Scenarios.analyse(log.lines()).functions().get(0));
    }
}
