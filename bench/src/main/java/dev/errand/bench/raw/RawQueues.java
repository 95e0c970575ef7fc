package dev.errand.bench.raw;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The plain queues beside a backend's session: on its server, or in this JVM for the memory backend. */
public final class RawQueues {
    private RawQueues() {}

    /**
     * The raw queue, then the record floor where there is one (PostgreSQL, Redis), for a session of the backend {@code
     * target} whose clients use {@code properties} ({@code errand.*} keys); none for a backend without them (H2,
     * MariaDB). Each is empty and ready; the caller closes them.
     */
    public static List<RawQueue> beside(String target, Map<String, String> properties) {
        return switch (target) {
            case "memory" -> List.of(new MemoryRawQueue());
            case "postgres" -> {
                String url = properties.get("errand.jdbc.url");
                String user = properties.get("errand.jdbc.username");
                String password = properties.get("errand.jdbc.password");
                RawQueue raw = new PostgresRawQueue(url, user, password);
                yield List.of(raw, closingOnFailure(raw, () -> new PostgresRecordQueue(url, user, password)));
            }
            case "redis" -> {
                String url = properties.get("errand.redis.url");
                String prefix = properties.get("errand.redis.prefix");
                RawQueue raw = new RedisRawQueue(url, prefix);
                yield List.of(raw, closingOnFailure(raw, () -> new RedisRecordQueue(url, prefix)));
            }
            default -> List.of();
        };
    }

    /** The second queue, or closes the first when the second cannot be opened. */
    private static RawQueue closingOnFailure(RawQueue first, Supplier<RawQueue> second) {
        try {
            return second.get();
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }
}
