package dev.errand.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.spring.boot.actuate.ErrandActuatorAutoConfiguration;
import dev.errand.spring.boot.actuate.ErrandHealthIndicator;
import dev.errand.testservers.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Redis backend chosen in application properties, as in errand.properties, with a real redis-server. */
class RedisBackendTest {

    @Test
    void errandBackendRedis_runsTheJobsOfSpringBeansOnRedis_andHealthFollowsTheServer() throws Exception {
        RedisServer redis = RedisServer.launch();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            EndpointAutoConfiguration.class,
                            HealthContributorAutoConfiguration.class,
                            ErrandAutoConfiguration.class,
                            ErrandActuatorAutoConfiguration.class))
                    .withUserConfiguration(GreeterConfiguration.class)
                    .withPropertyValues(
                            "errand.backend=redis", "errand.redis.url=" + redis.url(), "errand.worker.threads=2")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(Errand.class).backend().name())
                                .isEqualTo("redis");
                        context.getBean(GreeterJobs.class).greet("Dee").enqueue();
                        Greetings greetings = context.getBean(Greetings.class);
                        await("the greeting job through Redis")
                                .atMost(Duration.ofSeconds(10))
                                .until(() -> greetings.lines().contains("hello Dee"));

                        ErrandHealthIndicator health = context.getBean(ErrandHealthIndicator.class);
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        redis.kill();
                        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    });
        } finally {
            redis.kill();
        }
    }
}
