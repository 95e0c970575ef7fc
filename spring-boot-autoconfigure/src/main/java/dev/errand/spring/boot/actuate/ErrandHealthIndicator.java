package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import dev.errand.config.Secrets;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * UP when the backend answers a query for its queue stats; DOWN with the reason when it does not (a database that is
 * stopped, a Redis that refuses). The reason never shows a password: URLs in it are masked.
 */
public final class ErrandHealthIndicator implements HealthIndicator {
    private final Errand errand;

    public ErrandHealthIndicator(Errand errand) {
        this.errand = errand;
    }

    @Override
    public Health health() {
        String backend = errand.backend().name();
        try {
            int queues = errand.backend().queueStats().size();
            return Health.up()
                    .withDetail("backend", backend)
                    .withDetail("queues", queues)
                    .build();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : Secrets.redactUrl(e.getMessage());
            return Health.down()
                    .withDetail("backend", backend)
                    .withDetail("error", e.getClass().getName() + ": " + message)
                    .build();
        }
    }
}
