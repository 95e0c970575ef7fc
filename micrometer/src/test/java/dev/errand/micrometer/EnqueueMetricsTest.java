package dev.errand.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnqueueMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void enqueuedJobs_areCountedPerJobAndQueue_butADuplicateOfAUniqueKeyIsNot() {
        EnqueueMetrics enqueues = new EnqueueMetrics();
        enqueues.bindTo(registry);
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend("memory")
                .interceptor(enqueues)
                .build()) {
            MetricJobsJobs stub = new MetricJobsJobs(errand);
            for (int i = 0; i < 7; i++) {
                stub.send("a" + i).enqueue();
            }
            stub.send("b").queue("bulk").enqueue();
            errand.enqueueAll(List.of(stub.fail("x"), stub.fail("y")));
            stub.send("once").uniqueKey("k").enqueue();
            stub.send("once again").uniqueKey("k").enqueue();

            assertThat(enqueued(Tags.of("job", "MetricJobs.send", "queue", "mail")))
                    .isEqualTo(8);
            assertThat(enqueued(Tags.of("job", "MetricJobs.send", "queue", "bulk")))
                    .isEqualTo(1);
            assertThat(enqueued(Tags.of("job", "MetricJobs.fail", "queue", "reports")))
                    .isEqualTo(2);
            assertThat(registry.find("errand.jobs.enqueued").counters()).hasSize(3);
        }
    }

    private double enqueued(Tags tags) {
        return registry.get("errand.jobs.enqueued").tags(tags).counter().count();
    }
}
