package dev.errand.backend.jdbc;

import dev.errand.job.JobId;
import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Claims due jobs in one transaction. On PostgreSQL that is a single statement; elsewhere one
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} per queue along the claim index, then one batch that
 * leases the best of the locked candidates; the other candidates are unlocked by the commit.
 * {@code SKIP LOCKED} means concurrent claimers never wait for each other and never get the same
 * job. Results come back in claim order: priority, then {@code run_at}, then id.
 */
final class Claimer {
    private static final Comparator<Row> CLAIM_ORDER = Comparator.comparingInt((Row r) -> -r.priority)
            .thenComparingLong(r -> r.runAt).thenComparingLong(r -> r.id);

    private final Database db;
    private final Dialect dialect;

    Claimer(Database db) {
        this.db = db;
        this.dialect = db.dialect();
    }

    List<ClaimedJob> claim(Set<String> queues, int max, String owner, Instant now, Duration leaseDuration) {
        long nowMicros = Micros.of(now);
        long expires = Micros.of(now.plus(leaseDuration));
        List<Row> rows = db.transaction("claim jobs from queues " + queues, c -> dialect.claimsInOneStatement()
                ? claimInOneStatement(c, queues, max, owner, nowMicros, expires)
                : lockAndLease(c, queues, max, owner, nowMicros, expires));
        rows.sort(CLAIM_ORDER);
        List<ClaimedJob> claimed = new ArrayList<>(rows.size());
        for (Row r : rows) {
            JobId id = JobId.of(Long.toString(r.id));
            claimed.add(new ClaimedJob(id, r.name, r.queue, r.priority, r.payload, r.fingerprint, r.attempt,
                    r.maxAttempts, Duration.ofMillis(r.timeoutMs), Micros.toInstant(r.enqueuedAt),
                    Micros.toInstant(r.runAt), new Lease(id, owner, r.attempt)));
        }
        return claimed;
    }

    private List<Row> claimInOneStatement(Connection c, Set<String> queues, int max, String owner, long now,
            long expires) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.claim())) {
            dialect.bindTexts(ps, 1, queues.toArray(String[]::new));
            ps.setLong(2, now);
            ps.setInt(3, max);
            ps.setInt(4, max);
            ps.setString(5, owner);
            ps.setLong(6, expires);
            return read(ps, 0);
        }
    }

    private List<Row> lockAndLease(Connection c, Set<String> queues, int max, String owner, long now, long expires)
            throws SQLException {
        List<Row> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.claim())) {
            for (String queue : new TreeSet<>(queues)) {
                ps.setString(1, queue);
                ps.setLong(2, now);
                ps.setInt(3, max);
                candidates.addAll(read(ps, 1));
            }
        }
        if (candidates.isEmpty()) {
            return candidates;
        }
        if (candidates.size() > max) {
            candidates.sort(CLAIM_ORDER);
            candidates = new ArrayList<>(candidates.subList(0, max));
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.markClaimed())) {
            for (Row r : candidates) {
                ps.setString(1, owner);
                ps.setLong(2, expires);
                ps.setLong(3, r.id);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    throw new IllegalStateException("job " + candidates.get(i).id + " was locked for this claim but "
                            + "could not be leased; another transaction changed it despite the row lock");
                }
            }
        }
        return candidates;
    }

    /** Reads claimed rows; {@code attemptOffset} is added to the attempt read (1 when read before the lease). */
    private static List<Row> read(PreparedStatement ps, int attemptOffset) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBytes(5),
                        rs.getString(6), rs.getInt(7) + attemptOffset, rs.getInt(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11)));
            }
        }
        return rows;
    }

    private record Row(long id, String name, String queue, int priority, byte[] payload, String fingerprint,
            int attempt, int maxAttempts, long timeoutMs, long enqueuedAt, long runAt) {}
}
