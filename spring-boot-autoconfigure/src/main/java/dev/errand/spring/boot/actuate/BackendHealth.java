package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import dev.errand.config.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the backend answers, with the details the health indicators show, for Spring Boot 3 and 4 alike (their
 * health APIs live in different packages). The reason never shows a password: URLs in it are masked.
 */
record BackendHealth(boolean up, Map<String, Object> details) {
    static BackendHealth of(Errand errand) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", errand.backend().name());
        try {
            details.put("queues", errand.backend().queueStats().size());
            return new BackendHealth(true, details);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : Secrets.redactUrl(e.getMessage());
            details.put("error", e.getClass().getName() + ": " + message);
            return new BackendHealth(false, details);
        }
    }
}
