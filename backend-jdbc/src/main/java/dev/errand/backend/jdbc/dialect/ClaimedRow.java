package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A claimed job as stored: times in microseconds since the epoch, {@code attempt} the one the claim started,
 * {@code headers} encoded or null.
 */
public record ClaimedRow(
        long id,
        String name,
        String queue,
        int priority,
        byte[] payload,
        String fingerprint,
        int attempt,
        int maxAttempts,
        long timeoutMs,
        long enqueuedAt,
        long runAt,
        String headers) {

    /**
     * Claim order: higher priority first, then earlier {@code run_at}, then lower id. (Not by {@code -priority}: that
     * overflows for {@link Integer#MIN_VALUE}, which then came first.)
     */
    public static final Comparator<ClaimedRow> CLAIM_ORDER = Comparator.comparingInt(ClaimedRow::priority)
            .reversed()
            .thenComparingLong(ClaimedRow::runAt)
            .thenComparingLong(ClaimedRow::id);

    /**
     * Runs the query and reads its rows, whose columns are {@link Dialect#JOB_COLUMNS};
     * {@code attemptOffset} is added to the attempt read (1 when read before the lease).
     */
    static List<ClaimedRow> query(PreparedStatement ps, int attemptOffset) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return read(rs, attemptOffset);
        }
    }

    /** Reads the rows of {@code rs}, as {@link #query} does. */
    static List<ClaimedRow> read(ResultSet rs, int attemptOffset) throws SQLException {
        List<ClaimedRow> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(new ClaimedRow(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    rs.getBytes(5),
                    rs.getString(6),
                    rs.getInt(7) + attemptOffset,
                    rs.getInt(8),
                    rs.getLong(9),
                    rs.getLong(10),
                    rs.getLong(11),
                    rs.getString(12)));
        }
        return rows;
    }
}
