package dev.errand.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.worker.AttemptEvent;
import dev.errand.worker.Worker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrandMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MetricJobs jobs = new MetricJobs();
    private Errand errand;
    private MetricJobsJobs stub;

    @BeforeEach
    void open() {
        errand = Errand.builder().config(ErrandConfig.empty()).backend("memory").build();
        stub = new MetricJobsJobs(errand);
    }

    @AfterEach
    void close() {
        jobs.release.countDown();
        errand.close();
    }

    @Test
    void attempts_areCountedPerJobAndQueue_byOutcome_withDelayAndProcessTimers() {
        ErrandMetrics metrics = ErrandMetrics.builder(errand).build();
        metrics.bindTo(registry);
        for (int i = 0; i < 5; i++) {
            stub.send("a" + i).enqueue();
        }
        stub.fail("boom").enqueue();

        Worker worker = errand.worker()
                .register(jobs)
                .attemptListener(metrics)
                .retryPolicy((attempt, error) -> Duration.ZERO)
                .build();
        worker.drain();

        Tags send = Tags.of("job", "MetricJobs.send", "queue", "mail");
        Tags fail = Tags.of("job", "MetricJobs.fail", "queue", "reports");
        assertThat(count("errand.attempts.started", send)).isEqualTo(5);
        assertThat(count("errand.attempts", send.and("outcome", "succeeded"))).isEqualTo(5);
        assertThat(count("errand.attempts.started", fail)).isEqualTo(2);
        assertThat(count("errand.attempts", fail.and("outcome", "failed"))).isEqualTo(1);
        assertThat(count("errand.attempts", fail.and("outcome", "dead"))).isEqualTo(1);
        assertThat(count("errand.attempts", fail.and("outcome", "succeeded"))).isZero();

        Timer process = registry.get("errand.job.process").tags(send).timer();
        Timer delay = registry.get("errand.job.delay").tags(send).timer();
        assertThat(process.count()).isEqualTo(5);
        assertThat(delay.count()).isEqualTo(5);
        assertThat(process.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("errand.job.process").tags(fail).timer().count())
                .isEqualTo(2);
    }

    @Test
    void percentileHistograms_areOffByDefault_andAskedForWhenTurnedOn() {
        assertThat(histogramsAskedFor(ErrandMetrics.builder(errand).build()))
                .containsEntry("errand.job.process", false)
                .containsEntry("errand.job.delay", false);
        assertThat(histogramsAskedFor(
                        ErrandMetrics.builder(errand).percentileHistograms(true).build()))
                .containsEntry("errand.job.process", true)
                .containsEntry("errand.job.delay", true);
    }

    /** Whether each timer asked its registry for percentile histogram buckets (what a MeterFilter sees). */
    private static Map<String, Boolean> histogramsAskedFor(ErrandMetrics metrics) {
        Map<String, Boolean> asked = new HashMap<>();
        SimpleMeterRegistry seen = new SimpleMeterRegistry();
        seen.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER) {
                    asked.put(id.getName(), Boolean.TRUE.equals(config.isPercentileHistogram()));
                }
                return config;
            }
        });
        metrics.bindTo(seen);
        metrics.finished(new AttemptEvent(
                "Perl.job", "q", "1", 1, AttemptEvent.Outcome.SUCCEEDED, Duration.ofMillis(7), Duration.ofMillis(3)));
        return asked;
    }

    @Test
    void anUnknownDelay_isLeftOutOfTheDelayTimer_notRecordedAsZero() {
        ErrandMetrics metrics = ErrandMetrics.builder(errand).build();
        metrics.bindTo(registry);
        Duration process = Duration.ofMillis(3);
        metrics.finished(new AttemptEvent(
                "Perl.job", "q", "1", 1, AttemptEvent.Outcome.SUCCEEDED, Duration.ZERO, process, false));
        metrics.finished(new AttemptEvent(
                "Perl.job", "q", "2", 1, AttemptEvent.Outcome.SUCCEEDED, Duration.ofMillis(7), process));

        Tags tags = Tags.of("job", "Perl.job", "queue", "q");
        assertThat(registry.get("errand.job.process").tags(tags).timer().count())
                .isEqualTo(2);
        Timer delay = registry.get("errand.job.delay").tags(tags).timer();
        assertThat(delay.count()).isEqualTo(1);
        assertThat(delay.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    }

    @Test
    void queueGauges_showTheBackendsQueueStats_readAtMostOncePerInterval() {
        ErrandMetrics metrics =
                ErrandMetrics.builder(errand).queueStatsInterval(Duration.ZERO).build();
        metrics.bindTo(registry);
        stub.send("x").enqueue();
        stub.send("y").enqueue();
        stub.send("z").delay(Duration.ofHours(1)).enqueue();

        assertThat(registry.get("errand.queues").gauge().value()).isEqualTo(1);
        assertThat(gauge("errand.queue.jobs", Tags.of("queue", "mail", "state", "available")))
                .isEqualTo(2);
        assertThat(gauge("errand.queue.jobs", Tags.of("queue", "mail", "state", "scheduled")))
                .isEqualTo(1);
        assertThat(gauge("errand.queue.jobs", Tags.of("queue", "mail", "state", "running")))
                .isZero();
        assertThat(gauge("errand.queue.oldest.age", Tags.of("queue", "mail"))).isGreaterThanOrEqualTo(0);
    }

    @Test
    void queueGauges_keepTheirReadingWithinTheInterval_soAScrapeStormCostsOneBackendCall() {
        ErrandMetrics metrics = ErrandMetrics.builder(errand)
                .queueStatsInterval(Duration.ofHours(1))
                .build();
        stub.send("x").enqueue();
        metrics.bindTo(registry);
        stub.send("y").enqueue();

        assertThat(gauge("errand.queue.jobs", Tags.of("queue", "mail", "state", "available")))
                .as("read at bind time, not again within the hour")
                .isEqualTo(1);
    }

    @Test
    void busyThreads_countTheAttemptsRunningNow() throws Exception {
        ErrandMetrics metrics = ErrandMetrics.builder(errand).build();
        metrics.bindTo(registry);
        jobs.release = new CountDownLatch(1);
        try (Worker worker = errand.worker()
                .register(jobs)
                .name("busy")
                .threads(3)
                .attemptListener(metrics)
                .start()) {
            metrics.bindTo(worker);
            stub.hold().enqueue();
            stub.hold().enqueue();
            Tags tags = Tags.of("worker", "busy");
            await("two attempts of MetricJobs.hold running")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> gauge("errand.worker.threads.busy", tags) == 2);
            assertThat(gauge("errand.worker.threads", tags)).isEqualTo(3);
            assertThat(count("errand.attempts.started", Tags.of("job", "MetricJobs.hold", "queue", "slow")))
                    .isEqualTo(2);
            jobs.release.countDown();
            await("both attempts of MetricJobs.hold finished")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> gauge("errand.worker.threads.busy", tags) == 0);
            assertThat(functionCount("errand.worker.claimed", tags)).isEqualTo(2);
            assertThat(functionCount("errand.worker.claims", tags.and("result", "jobs")))
                    .isBetween(1.0, 2.0);
            assertThat(functionCount("errand.worker.claims", tags.and("result", "empty")))
                    .as("the idle worker's first claim at least")
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private double functionCount(String name, Tags tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void aWorkerWithoutTheListener_addsNoAttemptMeters() {
        ErrandMetrics metrics = ErrandMetrics.builder(errand).build();
        metrics.bindTo(registry);
        stub.send("x").enqueue();
        errand.worker().register(jobs).build().drain();
        assertThat(registry.find("errand.attempts").counters()).isEmpty();
    }

    private double count(String name, Tags tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name, Tags tags) {
        return registry.get(name).tags(tags).gauge().value();
    }
}
