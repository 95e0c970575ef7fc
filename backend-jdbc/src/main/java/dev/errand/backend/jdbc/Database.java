package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.errand.backend.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Borrows pooled connections and runs work in one transaction each: commit on success, rollback
 * on any failure, and every {@link SQLException} turned into a {@link JdbcBackendException} that
 * names the operation. Pool connections are kept with auto-commit off, so a transaction costs no
 * extra round trip to switch modes.
 */
final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** H2's error codes (its SQLStates) for a session that is gone: connection broken, database closed (twice). */
    private static final Set<String> H2_SESSION_GONE = Set.of("90067", "90098", "90121");
    /** How often a transaction rolled back to break a deadlock runs again before its failure is reported. */
    private static final int CONFLICT_RETRIES = 5;
    /** MySQL's and MariaDB's error code for a lock wait that timed out ({@code innodb_lock_wait_timeout}). */
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

    /** Work on a connection inside the transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    /**
     * True for an H2 database this JVM opens itself. A Java file channel used by an interrupted thread closes, and H2
     * then closes the whole database, for every connection of the process ({@code ClosedByInterruptException}). So
     * a call from a thread with an interrupt pending (a cancelled task that enqueues, a job past its timeout) runs
     * with the interrupt set aside and gets it back when the call returns.
     */
    private final boolean setsInterruptsAside;

    Database(DataSource dataSource, Dialect dialect, boolean setsInterruptsAside) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.setsInterruptsAside = setsInterruptsAside;
    }

    Dialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in its own transaction; {@code what} completes "could not ..." in errors.
     * A transaction that loses its connection before COMMIT was sent (a stale pooled connection
     * after a database restart) was rolled back by the server, so it is run once more on a fresh
     * connection; a failure during COMMIT itself is never repeated, as it may have committed. A transaction the
     * database rolled back to break a deadlock, or whose COMMIT it refused as a conflict, runs again too
     * ({@link #againAfterConflict}). On an H2 database in this process, an interrupt pending when the call starts waits
     * until it returns ({@link #setsInterruptsAside}).
     */
    <T> T transaction(String what, Work<T> work) {
        if (!setsInterruptsAside || !Thread.interrupted()) {
            return transactionAsIs(what, work);
        }
        try {
            return transactionAsIs(what, work);
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T transactionAsIs(String what, Work<T> work) {
        boolean reconnected = false;
        int conflicts = 0;
        while (true) {
            try {
                return attempt(work);
            } catch (NotCommitted e) {
                SQLException cause = e.getCause();
                if (againAfterConflict(cause, conflicts)) {
                    conflicts++;
                } else if (!reconnected && isConnectionLost(cause)) {
                    reconnected = true;
                    evictPooledConnections();
                } else {
                    throw failure(what, cause, conflicts);
                }
            } catch (SQLException e) {
                throw JdbcBackendException.of(what, dialect.name(), e);
            }
        }
    }

    /**
     * True when {@code e} says the database rolled the transaction (or auto-committed statement) back to break a
     * deadlock or a serialization conflict, and it may run again: after a short random pause that grows with each
     * conflict, so that the transactions that met do not meet again, and at most {@link #CONFLICT_RETRIES} times.
     * Workers lock the same jobs from several transactions at once (a completion, a lease renewal, a hand-back), so on
     * MySQL/MariaDB and under load such a rollback is routine, not a fault.
     */
    private static boolean againAfterConflict(SQLException e, int conflictsBefore) {
        if (conflictsBefore >= CONFLICT_RETRIES || !isRolledBackByConflict(e)) {
            return false;
        }
        long lowMicros = 1000L << conflictsBefore;
        long pauseMicros = ThreadLocalRandom.current().nextLong(lowMicros, 2 * lowMicros);
        log.debug(
                "the database rolled a transaction back to break a deadlock ({}); running it again in {} µs",
                e.getMessage(),
                pauseMicros);
        try {
            TimeUnit.MICROSECONDS.sleep(pauseMicros);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /**
     * SQLState 40001 (serialization failure: PostgreSQL's, and MySQL/MariaDB's and H2's deadlock victim) or 40P01
     * (PostgreSQL's deadlock victim): the database rolled the whole transaction back. Not MySQL's lock wait timeout
     * (error 1205), which MySQL Connector/J also reports as 40001: that waited {@code innodb_lock_wait_timeout}
     * already, and running it again would only wait as long once more.
     */
    static boolean isRolledBackByConflict(SQLException e) {
        boolean conflict = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT) {
                    return false;
                }
                conflict |= "40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState());
            }
        }
        return conflict;
    }

    private JdbcBackendException failure(String what, SQLException cause, int conflicts) {
        return JdbcBackendException.of(
                conflicts == 0
                        ? what
                        : what + " (run " + (conflicts + 1) + " times, rolled back "
                                + (conflicts == 1 ? "once" : conflicts + " times") + " before to break a deadlock)",
                dialect.name(),
                cause);
    }

    private <T> T attempt(Work<T> work) throws SQLException, NotCommitted {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            T result;
            try {
                result = work.run(c);
            } catch (SQLException e) {
                rollback(c, e);
                throw new NotCommitted(e);
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                rollback(c, e);
                if (isRolledBackByConflict(e)) {
                    throw new NotCommitted(e); // refused (Galera's certification, SERIALIZABLE): nothing committed
                }
                throw e;
            }
            return result;
        }
    }

    /**
     * One lost session usually means the server restarted and every pooled connection is gone too: the pool replaces
     * the idle ones before they are handed out (and the busy ones when they come back), so the retry gets a fresh
     * connection rather than the next dead one. Only for a HikariCP pool (Errand's own); another is left as it is.
     */
    private void evictPooledConnections() {
        try {
            if (dataSource instanceof HikariDataSource hikari) {
                HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        } catch (RuntimeException e) {
            // the retry still runs; it may meet another dead connection, and the pool drops each one it sees fail
        }
    }

    /**
     * The connection's session is gone: SQLState class 08 (connection exception), 57P0x
     * (PostgreSQL: the server ended the session), or H2's own codes for it, which it reports
     * instead of 08: 90067 (connection broken), 90098 and 90121 (the database, i.e. the session's
     * server, was closed).
     */
    static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && isConnectionLost(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionLost(String sqlState) {
        return sqlState.startsWith("08") || sqlState.startsWith("57P0") || H2_SESSION_GONE.contains(sqlState);
    }

    /** The transaction did not commit: the work failed before COMMIT was sent, or the database refused the COMMIT. */
    private static final class NotCommitted extends Exception {
        NotCommitted(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
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
        try {
            return autoCommit(work);
        } catch (SQLException e) {
            throw JdbcBackendException.of(what, dialect.name(), e);
        }
    }

    /**
     * Runs {@code write}, one statement, in auto-commit where the dialect switches to it without a round trip
     * (PostgreSQL): the statement commits as it runs, one round trip instead of two; elsewhere in a transaction as
     * {@link #transaction}. A write whose connection is lost may have committed or not: {@code afterLoss} then runs on
     * a fresh connection, in auto-commit too, and finds out or makes up for it ({@link #againOrWritten} for a write
     * that conflicts with itself; a claim simply claims again, as jobs it may have leased come back after their lease).
     * A write rolled back to break a deadlock runs again, as in {@link #transaction}.
     */
    <T> T autoCommitted(String what, Work<T> write, Work<T> afterLoss) {
        if (!dialect.readsInAutoCommit()) {
            return transaction(what, write);
        }
        for (int conflicts = 0; ; conflicts++) {
            try {
                return autoCommit(write);
            } catch (SQLException e) {
                if (againAfterConflict(e, conflicts)) {
                    continue;
                }
                if (!isConnectionLost(e)) {
                    throw failure(what, e, conflicts);
                }
                evictPooledConnections();
                try {
                    return autoCommit(afterLoss);
                } catch (SQLException again) {
                    throw JdbcBackendException.of(what, dialect.name(), again);
                }
            }
        }
    }

    /**
     * For {@link #autoCommitted}: the write once more, and if the database refuses it as a conflict (SQLState class
     * 23), {@code ifWritten} says what the first one stored. An insert with a reserved id conflicts with itself; when
     * {@code ifWritten} finds nothing stored (null), the database refused the write for another reason, a constraint
     * of the user's, and that refusal is the error.
     */
    static <T> Work<T> againOrWritten(Work<T> write, Work<T> ifWritten) {
        return c -> {
            try {
                return write.run(c);
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
                T written = ifWritten.run(c);
                if (written == null) {
                    throw e;
                }
                return written;
            }
        };
    }

    private <T> T autoCommit(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try {
                return work.run(c);
            } finally {
                c.setAutoCommit(false);
            }
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
