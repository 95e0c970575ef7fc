package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Spring Boot 3's {@code errand} health: UP when the backend answers a query for its queue stats; DOWN with the reason
 * when it does not (a database that is stopped, a Redis that refuses). The reason never shows a password.
 */
public final class ErrandHealthIndicator implements HealthIndicator {
    private final Errand errand;

    public ErrandHealthIndicator(Errand errand) {
        this.errand = errand;
    }

    @Override
    public Health health() {
        BackendHealth health = BackendHealth.of(errand);
        return (health.up() ? Health.up() : Health.down())
                .withDetails(health.details())
                .build();
    }
}
