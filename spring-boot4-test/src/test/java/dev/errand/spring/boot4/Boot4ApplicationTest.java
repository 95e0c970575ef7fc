package dev.errand.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.micrometer.EnqueueMetrics;
import dev.errand.spi.Capability;
import dev.errand.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The starter, built against Spring Boot 3.5, in a Spring Boot 4 application on the application's H2 DataSource:
 * beans, jobs on Spring beans, the transactional enqueue both ways, metrics, health and the errand endpoint.
 */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:shop4;DB_CLOSE_DELAY=-1",
            "errand.backend=jdbc",
            "errand.worker.threads=2",
            "management.endpoints.web.exposure.include=health,errand",
            "management.endpoint.health.show-details=always"
        })
class Boot4ApplicationTest {
    @Autowired
    Errand errand;

    @Autowired
    OrdersJobs jobs;

    @Autowired
    Orders orders;

    @Autowired
    OrderDesk desk;

    @Autowired
    Worker worker;

    @Autowired
    MeterRegistry registry;

    @Autowired
    HealthEndpoint health;

    @Autowired
    dev.errand.spring.boot.actuate.ErrandEndpoint endpoint;

    @Test
    void runsOnSpringBoot4() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
    }

    @Test
    void jobsRunOnTheServiceBean_andShowInMetricsHealthAndTheEndpoint() {
        for (int i = 1; i <= 3; i++) {
            jobs.ship("order-" + i).enqueue();
        }
        jobs.refuse("order-x").enqueue();
        await("three orders shipped and one refused")
                .atMost(Duration.ofSeconds(20))
                .until(() -> orders.shipped().containsAll(java.util.List.of("order-1", "order-2", "order-3"))
                        && registry.find("errand.attempts")
                                        .tags("job", "Orders.refuse", "outcome", "dead")
                                        .counter()
                                != null);
        assertThat(orders.shipped()).contains("order-1", "order-2", "order-3");
        assertThat(errand.interceptors()).hasAtLeastOneElementOfType(EnqueueMetrics.class);
        assertThat(registry.get("errand.jobs.enqueued")
                        .tags("job", "Orders.ship", "queue", "orders")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get("errand.attempts")
                        .tags("job", "Orders.refuse", "outcome", "dead")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("errand.worker.threads").gauge().value()).isEqualTo(2);

        assertThat(health.healthForPath("errand").getStatus().getCode()).isEqualTo("UP");
        Map<String, Object> body = endpoint.errand();
        assertThat(body).containsEntry("backend", "jdbc").containsKeys("queues", "worker", "config");
    }

    @Test
    void anEnqueueInsideASpringTransaction_commitsAndRollsBackWithIt() {
        assertThat(errand.backend().capabilities()).contains(Capability.TRANSACTIONAL_ENQUEUE);
        assertThat(errand.backend().connectionPool())
                .as("on the application's DataSource, no pool of Errand's own")
                .isEmpty();
        int before = desk.stored();

        assertThatThrownBy(() -> desk.place("tx-refused", true)).hasMessage("order tx-refused refused");
        desk.place("tx-kept", false);

        await("the committed order's shipment")
                .atMost(Duration.ofSeconds(20))
                .until(() -> orders.shipped().contains("tx-kept"));
        assertThat(desk.stored()).isEqualTo(before + 1);
        assertThat(orders.shipped()).doesNotContain("tx-refused");
    }
}
