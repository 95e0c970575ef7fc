package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A new job as {@link JobInsert} stores it: times in microseconds since the epoch; {@code uniqueKey} may be null, and so
 * may {@code headers} (the encoded {@code JobHeaders}, null when there are none).
 */
public record NewJobRow(
        long id,
        String name,
        String queue,
        int priority,
        int maxAttempts,
        long timeoutMs,
        long enqueuedAt,
        long runAt,
        String uniqueKey,
        String fingerprint,
        byte[] payload,
        String headers,
        boolean awaited) {

    /**
     * Binds the insert's parameters: (id, name, queue, priority, state, max_attempts, timeout_ms,
     * enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited).
     */
    void bind(PreparedStatement ps) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, name);
        ps.setString(3, queue);
        ps.setInt(4, priority);
        ps.setString(5, "AVAILABLE");
        ps.setInt(6, maxAttempts);
        ps.setLong(7, timeoutMs);
        ps.setLong(8, enqueuedAt);
        ps.setLong(9, runAt);
        ps.setString(10, uniqueKey);
        ps.setString(11, fingerprint);
        ps.setBytes(12, payload);
        ps.setString(13, headers);
        ps.setBoolean(14, awaited);
    }
}
