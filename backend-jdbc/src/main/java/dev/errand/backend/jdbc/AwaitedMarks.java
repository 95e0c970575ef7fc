package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.PreparedStatement;

/**
 * Marks jobs awaited on PostgreSQL, whose trigger announces the end of awaited jobs only (schema version 7): a client
 * that starts waiting for a job it did not submit marks it first. One auto-committed update; again on a fresh
 * connection if the first one's connection was lost (marking twice changes nothing).
 */
final class AwaitedMarks {
    private final Database db;
    private final PostgresDialect dialect;

    AwaitedMarks(Database db, PostgresDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    void mark(long id) {
        Database.Work<Integer> update = c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.markAwaited())) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        };
        db.autoCommitted("mark job " + id + " awaited", update, update);
    }
}
