package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Spring Boot 4's {@code errand} health, the same as {@link ErrandHealthIndicator} on Boot 4's health API. */
public final class ErrandBoot4HealthIndicator implements HealthIndicator {
    private final Errand errand;

    public ErrandBoot4HealthIndicator(Errand errand) {
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
