package dev.errand.bench.raw;

import java.util.Map;
import java.util.Optional;

/** The raw queue beside a backend's session: on its server, or in this JVM for the memory backend. */
public final class RawQueues {
    private RawQueues() {}

    /**
     * The raw queue for a session of the backend {@code target} whose clients use {@code properties} ({@code errand.*}
     * keys); empty for a backend without one (H2, MariaDB).
     */
    public static Optional<RawQueue> beside(String target, Map<String, String> properties) {
        return switch (target) {
            case "memory" -> Optional.of(new MemoryRawQueue());
            case "postgres" ->
                Optional.of(new PostgresRawQueue(
                        properties.get("errand.jdbc.url"),
                        properties.get("errand.jdbc.username"),
                        properties.get("errand.jdbc.password")));
            case "redis" ->
                Optional.of(
                        new RedisRawQueue(properties.get("errand.redis.url"), properties.get("errand.redis.prefix")));
            default -> Optional.empty();
        };
    }
}
