package dev.errand.backend.jdbc;

import java.sql.SQLException;

/**
 * A database operation of the JDBC backend failed. The message names the operation, the
 * database and the SQLState; the {@link SQLException} is the cause. The worker runtime logs such
 * failures of claim and renew and tries again, so a database restart is survived.
 */
public class JdbcBackendException extends RuntimeException {
    public JdbcBackendException(String message, Throwable cause) {
        super(message, cause);
    }

    static JdbcBackendException of(String what, String database, SQLException e) {
        return new JdbcBackendException(
                "JDBC backend could not " + what + " on " + database + ": "
                        + (e.getSQLState() == null ? "" : "SQLState " + e.getSQLState() + ": ") + e.getMessage(),
                e);
    }
}
