package dev.errand.bench.raw;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least a PostgreSQL queue writes to keep each job as a row under a lease that can be fenced, as Errand's JDBC
 * backend does: jobs stay in the table, a take claims up to {@value #TAKE} waiting rows with {@code FOR UPDATE SKIP
 * LOCKED} under the take's own lease token (one statement, committed), then marks them succeeded where they still hold
 * that token (one statement, committed). Two indexes besides the key: the waiting jobs in claim order and the running
 * ones by lease expiry, which a rescue of lost leases needs. No priorities, schedules, unique keys, listings, results
 * or notifications: a floor for what a per-job record costs, beside {@link PostgresRawQueue}'s ceiling for a queue that
 * deletes what it takes.
 */
final class PostgresRecordQueue implements RawQueue {
    static final int TAKE = 1_000;
    private static final byte[] PAYLOAD = new byte[16];

    private static final String ADD = """
            INSERT INTO record_jobs (state, attempt, payload)
            SELECT 'AVAILABLE', 0, p FROM unnest(CAST(? AS bytea[])) AS p""";
    private static final String CLAIM = """
            UPDATE record_jobs
               SET state = 'RUNNING', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?
             WHERE id = ANY (ARRAY(
                   SELECT id FROM record_jobs WHERE state = 'AVAILABLE' ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED))
            RETURNING id, payload""";
    private static final String FINISH = """
            UPDATE record_jobs
               SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
             WHERE id = ANY (CAST(? AS bigint[])) AND lease_owner = ?""";

    private final ThreadConnections connections;
    /** Lease tokens: this queue's own prefix, then a count. */
    private final String tokenPrefix = "take-" + UUID.randomUUID() + "-";

    private final AtomicLong tokens = new AtomicLong();

    PostgresRecordQueue(String url, String user, String password) {
        this.connections = new ThreadConnections(url, user, password, Map.of());
        connections.setUp(
                "the record floor's table",
                """
                CREATE TABLE IF NOT EXISTS record_jobs (
                    id BIGSERIAL PRIMARY KEY, state VARCHAR(16) NOT NULL, attempt INT NOT NULL,
                    lease_owner VARCHAR(255), lease_expires_at BIGINT, finished_at BIGINT, payload BYTEA NOT NULL)""",
                "CREATE INDEX IF NOT EXISTS record_jobs_claim ON record_jobs (id) WHERE state = 'AVAILABLE'",
                "CREATE INDEX IF NOT EXISTS record_jobs_leases ON record_jobs (lease_expires_at) WHERE state = 'RUNNING'",
                "TRUNCATE record_jobs");
    }

    @Override
    public String kind() {
        return RECORD_FLOOR;
    }

    @Override
    public String describe() {
        return "record floor, SQL: jobs kept as rows (claim and lease-expiry indexes); INSERT ... unnest per batch;"
                + " a take claims up to " + TAKE + " FOR UPDATE SKIP LOCKED under its own token, COMMIT, then finishes"
                + " them fenced on it, COMMIT";
    }

    @Override
    public void addBatch(int count) {
        Connection c = connections.current();
        byte[][] payloads = new byte[count][];
        java.util.Arrays.fill(payloads, PAYLOAD);
        try (PreparedStatement insert = c.prepareStatement(ADD)) {
            insert.setArray(1, c.createArrayOf("bytea", payloads));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("record floor insert failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void addOne() {
        addBatch(1);
    }

    @Override
    public int take() {
        Connection c = connections.current();
        String token = tokenPrefix + tokens.incrementAndGet();
        long now = System.currentTimeMillis() * 1000;
        List<Long> ids = new ArrayList<>(TAKE);
        try {
            try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setString(1, token);
                claim.setLong(2, now + 30_000_000);
                claim.setInt(3, TAKE);
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        rs.getBytes(2);
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement finish = c.prepareStatement(FINISH)) {
                finish.setLong(1, now);
                Array array = c.createArrayOf("bigint", ids.toArray());
                finish.setArray(2, array);
                finish.setString(3, token);
                int finished = finish.executeUpdate();
                if (finished != ids.size()) {
                    throw new IllegalStateException("the record floor finished " + finished + " of " + ids.size()
                            + " jobs it had claimed under " + token);
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException("record floor take failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int takeBatch() {
        return TAKE;
    }

    @Override
    public void close() {
        connections.close();
    }
}
