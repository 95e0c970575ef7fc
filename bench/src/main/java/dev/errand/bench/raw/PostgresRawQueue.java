package dev.errand.bench.raw;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The hand-written PostgreSQL queue of many applications: a table with a serial key, batch inserts, and workers that
 * {@code DELETE} a batch picked with {@code FOR UPDATE SKIP LOCKED} and commit. Each thread has its own connection, as
 * a pool would give it.
 */
final class PostgresRawQueue implements RawQueue {
    static final int TAKE = 100;
    private static final byte[] PAYLOAD = new byte[16];

    private final ThreadConnections connections;

    PostgresRawQueue(String url, String user, String password) {
        this.connections = new ThreadConnections(url, user, password, Map.of("reWriteBatchedInserts", "true"));
        connections.setUp(
                "the raw queue table",
                "CREATE TABLE IF NOT EXISTS raw_jobs (id BIGSERIAL PRIMARY KEY, payload BYTEA NOT NULL)",
                "TRUNCATE raw_jobs");
    }

    @Override
    public String kind() {
        return RAW;
    }

    @Override
    public String describe() {
        return "raw SQL: JDBC batch INSERT per transaction; DELETE ... IN (SELECT ... LIMIT " + TAKE
                + " FOR UPDATE SKIP LOCKED) RETURNING, COMMIT per batch; autocommit INSERT per item";
    }

    @Override
    public void addBatch(int count) {
        Connection c = connections.current();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw_jobs (payload) VALUES (?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setBytes(1, PAYLOAD);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("raw batch insert failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void addOne() {
        Connection c = connections.current();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw_jobs (payload) VALUES (?)")) {
            c.setAutoCommit(true);
            insert.setBytes(1, PAYLOAD);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("raw insert failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int take() {
        Connection c = connections.current();
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM raw_jobs WHERE id IN (SELECT id FROM raw_jobs ORDER BY id LIMIT " + TAKE
                        + " FOR UPDATE SKIP LOCKED) RETURNING id, payload")) {
            c.setAutoCommit(false);
            int taken = 0;
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    rs.getBytes(2);
                    taken++;
                }
            }
            c.commit();
            return taken;
        } catch (SQLException e) {
            throw new IllegalStateException("raw take failed: " + e.getMessage(), e);
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
