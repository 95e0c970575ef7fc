package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Borrows pooled connections and runs work in one transaction each: commit on success, rollback
 * on any failure, and every {@link SQLException} turned into a {@link JdbcBackendException} that
 * names the operation. Pool connections are kept with auto-commit off, so a transaction costs no
 * extra round trip to switch modes.
 */
final class Database {
    /** Work on a connection inside the transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;

    Database(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in its own transaction; {@code what} completes "could not ..." in errors. */
    <T> T transaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw JdbcBackendException.of(what, dialect.name(), e);
        }
    }

    /**
     * Runs read-only {@code work} without a transaction where the dialect can switch to auto-commit
     * without a round trip (PostgreSQL: each statement then commits by itself, no COMMIT is sent);
     * elsewhere in a transaction as {@link #transaction} does. Under READ COMMITTED, which every
     * statement here runs at, a transaction gave the reads no stronger snapshot.
     */
    <T> T read(String what, Work<T> work) {
        if (!dialect.readsInAutoCommit()) {
            return transaction(what, work);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try {
                return work.run(c);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw JdbcBackendException.of(what, dialect.name(), e);
        }
    }

    static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
