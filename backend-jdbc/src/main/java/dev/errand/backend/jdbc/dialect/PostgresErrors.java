package dev.errand.backend.jdbc.dialect;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL's errors about new jobs, told without their data. The server's detail and context may quote a refused
 * row ("Failing row contains (...)", "Key (...)=(...)", the start of a copied line), payload included, in the server's
 * language; a payload may hold secrets, and the message goes to logs. What is kept: the severity, the primary message,
 * the constraint, table and column it names, and for a copy the job by its id and place in the batch. The driver's
 * exception, which quotes them, is left out as the cause; its stack trace is kept.
 */
final class PostgresErrors {
    /** A copy's context line, also below a function's: "COPY jobs, line 7, column name: ...". */
    private static final Pattern COPY_LINE = Pattern.compile("^COPY [^,\\n]+, line (\\d+)", Pattern.MULTILINE);

    private PostgresErrors() {}

    /**
     * {@code e} without the server's detail and context, or as it came when the server did not send it (a lost
     * connection). {@code copied}: the rows of the copy that failed, to name the job at fault; null for an insert.
     */
    static SQLException withoutRowData(SQLException e, List<NewJobRow> copied) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return e;
        }
        StringBuilder message = new StringBuilder(String.valueOf(server.getSeverity()))
                .append(": ")
                .append(server.getMessage());
        named(message, "constraint", server.getConstraint());
        named(message, "table", server.getTable());
        named(message, "column", server.getColumn());
        if (copied != null) {
            Matcher line = COPY_LINE.matcher(String.valueOf(server.getWhere()));
            int n = line.find() ? Integer.parseInt(line.group(1)) : 0;
            if (n >= 1 && n <= copied.size()) {
                message.append("; at job ")
                        .append(copied.get(n - 1).id())
                        .append(", number ")
                        .append(n)
                        .append(" of the ")
                        .append(copied.size())
                        .append(" copied in");
            }
        }
        SQLException told = new SQLException(message.toString(), e.getSQLState(), e.getErrorCode());
        told.setStackTrace(e.getStackTrace());
        return told;
    }

    private static void named(StringBuilder message, String what, String name) {
        if (name != null) {
            message.append("; ").append(what).append(' ').append(name);
        }
    }
}
