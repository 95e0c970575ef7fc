package dev.errand.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.micrometer.ErrandMetrics;
import dev.errand.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
        properties = {
            "errand.backend=memory",
            "errand.worker.threads=2",
            "management.endpoints.web.exposure.include=health,errand",
            "management.endpoint.health.show-details=always"
        })
class ShopApplicationTest {
    @Autowired
    OrdersJobs jobs;

    @Autowired
    Shipments shipments;

    @Autowired
    Worker worker;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ErrandMetrics metrics;

    @Autowired
    HealthEndpoint health;

    @Autowired
    dev.errand.spring.boot.actuate.ErrandEndpoint endpoint;

    @Test
    void jobsRunOnTheServiceBean_withItsRepository_andShowInMetricsHealthAndTheEndpoint() {
        for (int i = 1; i <= 3; i++) {
            jobs.ship("order-" + i).enqueue();
        }
        jobs.refuse("order-x").enqueue();
        await("three orders shipped and one refused")
                .atMost(Duration.ofSeconds(10))
                .until(() -> worker.stats().attempts() == 4);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("errand.attempts");

        assertThat(shipments.shipped()).containsExactlyInAnyOrder("order-1", "order-2", "order-3");
        assertThat(registry.get("errand.attempts")
                        .tags("job", "Orders.ship", "queue", "orders", "outcome", "succeeded")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("errand.attempts")
                        .tags("job", "Orders.refuse", "outcome", "dead")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("errand.jobs.enqueued")
                        .tags("job", "Orders.ship", "queue", "orders")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("errand.attempts.started")
                        .tags("job", "Orders.ship", "queue", "orders")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("errand.job.delay")
                        .tags("job", "Orders.ship")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("errand.job.process")
                        .tags("job", "Orders.ship")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("errand.worker.threads").gauge().value()).isEqualTo(2);
        assertThat(registry.get("errand.worker.threads.busy").gauge().value()).isZero();
        assertThat(registry.get("errand.queue.jobs")
                        .tags("queue", "orders", "state", "available")
                        .gauge())
                .isNotNull();

        assertThat(health.healthForPath("errand").getStatus()).isEqualTo(Status.UP);

        Map<String, Object> body = endpoint.errand();
        assertThat(body).containsEntry("backend", "memory").containsKeys("queues", "worker", "config");
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) body.get("worker");
        assertThat(w).containsEntry("queues", List.of("orders")).containsEntry("threads", 2);
        assertThat(worker.stats().succeeded()).isEqualTo(3);
    }
}
