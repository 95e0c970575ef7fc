package dev.errand.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spring.boot.ErrandAutoConfiguration;
import dev.errand.testservers.PostgresServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ErrandHealthIndicatorTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EndpointAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class,
                    ErrandAutoConfiguration.class,
                    ErrandActuatorAutoConfiguration.class))
            .withPropertyValues("errand.worker.enabled=false");

    @Test
    void up_whileTheBackendAnswers_downWithTheReason_whenItsDatabaseStops() {
        PostgresServer server = PostgresServer.start(Map.of());
        String url = server.newDatabase("health");
        runner.withPropertyValues(
                        "errand.backend=jdbc",
                        "errand.jdbc.url=" + url,
                        "errand.jdbc.username=" + PostgresServer.USER,
                        "errand.jdbc.password=" + PostgresServer.PASSWORD,
                        "errand.jdbc.pool.connectionTimeout=1000")
                .run(context -> {
                    ErrandHealthIndicator indicator = context.getBean(ErrandHealthIndicator.class);
                    Health up = indicator.health();
                    assertThat(up.getStatus()).isEqualTo(Status.UP);
                    assertThat(up.getDetails()).containsEntry("backend", "jdbc");

                    server.close();
                    Health down = indicator.health();

                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("backend", "jdbc");
                    assertThat((String) down.getDetails().get("error"))
                            .contains("JDBC backend could not")
                            .doesNotContain(PostgresServer.PASSWORD + "@");
                });
    }

    @Test
    void theEndpoint_masksSecretsInTheConfiguration() {
        runner.withPropertyValues(
                        "errand.backend=memory",
                        "errand.jdbc.url=jdbc:postgresql://app:s3cret@db:5432/app",
                        "errand.jdbc.password=hunter2")
                .run(context -> {
                    Map<String, Object> body = new ErrandEndpoint(
                                    context.getBean(dev.errand.Errand.class),
                                    context.getBeanProvider(dev.errand.worker.Worker.class))
                            .errand();
                    assertThat(body.get("config").toString())
                            .doesNotContain("s3cret")
                            .doesNotContain("hunter2")
                            .contains("errand.jdbc.password=****");
                });
    }
}
