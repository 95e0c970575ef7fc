package dev.errand.backend.jdbc.dialect;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's and MariaDB's errors about new jobs, told without their data. A duplicate entry quotes the values of the
 * unique index the job breaks ("Duplicate entry '...' for key 'name'"), which may be the start of its payload; a payload
 * may hold secrets, and the message goes to logs. The rest of the message is kept. The driver's exception, which
 * quotes them, is left out as the cause; its stack trace is kept. (PostgreSQL: {@link PostgresErrors}.)
 */
final class MySqlErrors {
    private static final Pattern DUPLICATE_ENTRY = Pattern.compile("Duplicate entry '.*' for key", Pattern.DOTALL);

    private MySqlErrors() {}

    /** {@code e} without the values of a duplicate entry, or as it came when it quotes none. */
    static SQLException withoutRowData(SQLException e) {
        String message = e.getMessage();
        Matcher duplicate = DUPLICATE_ENTRY.matcher(message == null ? "" : message);
        if (!duplicate.find()) {
            return e;
        }
        SQLException told = new SQLIntegrityConstraintViolationException(
                duplicate.replaceFirst("Duplicate entry (its values left out) for key"),
                e.getSQLState(),
                e.getErrorCode());
        told.setStackTrace(e.getStackTrace());
        return told;
    }
}
