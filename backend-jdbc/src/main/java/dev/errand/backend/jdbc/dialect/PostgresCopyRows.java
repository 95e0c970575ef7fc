package dev.errand.backend.jdbc.dialect;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * New jobs as the rows of one {@code COPY ... FROM STDIN} in PostgreSQL's text format: a line per job, its columns
 * separated by tabs, {@code \N} for null, a backslash before each backslash, tab, newline and carriage return in a
 * value, and the payload as {@code bytea} hex ({@code \\x...}). The only class that needs the PostgreSQL driver's own
 * types for it, so the others load without the driver.
 */
final class PostgresCopyRows {
    /** Where a copy's error happened: "COPY jobs, line 7, column name: ...". */
    private static final Pattern COPY_LINE = Pattern.compile("^COPY [^,]+, line (\\d+)");

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;

    private PostgresCopyRows(int capacity) {
        buffer = new byte[capacity];
    }

    /** True when {@code c} is (or wraps) a connection of the PostgreSQL driver, which can send a copy. */
    static boolean canCopy(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    /**
     * Copies the rows in: (id, name, queue, priority, state AVAILABLE, attempt 0, max_attempts, timeout_ms, enqueued_at,
     * run_at, unique_key, fingerprint, payload, headers, awaited), in the column order of {@code copySql}.
     */
    static void copy(Connection c, String copySql, List<NewJobRow> rows) throws SQLException {
        PostgresCopyRows text = new PostgresCopyRows(rows.size() * 160);
        for (NewJobRow row : rows) {
            text.append(row);
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(text.buffer, 0, text.length);
            long stored = copy.endCopy();
            if (stored != rows.size()) {
                throw new SQLException("PostgreSQL stored " + stored + " of the " + rows.size() + " jobs copied in");
            }
        } catch (SQLException e) {
            SQLException failure = withoutRowText(e, rows);
            if (copy.isActive()) {
                try {
                    copy.cancelCopy(); // so the connection can roll back and be used again
                } catch (SQLException cancelFailed) {
                    failure.addSuppressed(withoutRowText(cancelFailed, rows));
                }
            }
            throw failure;
        }
    }

    /**
     * The server's error about a copied row, told without the row: PostgreSQL's context line quotes the start of the
     * row (a payload may hold secrets), and a constraint's detail may quote all of it. Names the job by its place in the
     * batch and its id instead. Any other error as it came.
     */
    private static SQLException withoutRowText(SQLException e, List<NewJobRow> rows) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return e;
        }
        StringBuilder message = new StringBuilder(String.valueOf(server.getSeverity()))
                .append(": ")
                .append(server.getMessage());
        String detail = server.getDetail();
        if (detail != null && !detail.startsWith("Failing row")) {
            message.append(" (").append(detail).append(')');
        }
        Matcher line = COPY_LINE.matcher(String.valueOf(server.getWhere()));
        if (line.find()) {
            int n = Integer.parseInt(line.group(1));
            if (n >= 1 && n <= rows.size()) {
                message.append("; at job ")
                        .append(rows.get(n - 1).id())
                        .append(", number ")
                        .append(n)
                        .append(" of the ")
                        .append(rows.size())
                        .append(" copied in");
            }
        }
        return new SQLException(message.toString(), e.getSQLState(), e.getErrorCode());
    }

    private void append(NewJobRow row) {
        number(row.id()).tab();
        text(row.name()).tab();
        text(row.queue()).tab();
        number(row.priority()).tab();
        ascii("AVAILABLE\t0\t");
        number(row.maxAttempts()).tab();
        number(row.timeoutMs()).tab();
        number(row.enqueuedAt()).tab();
        number(row.runAt()).tab();
        text(row.uniqueKey()).tab();
        text(row.fingerprint()).tab();
        bytea(row.payload()).tab();
        text(row.headers()).tab();
        ascii(row.awaited() ? "t\n" : "f\n");
    }

    private PostgresCopyRows tab() {
        put((byte) '\t');
        return this;
    }

    private PostgresCopyRows number(long value) {
        return ascii(Long.toString(value));
    }

    private PostgresCopyRows ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A text value, or null; UTF-8, with the four characters the format reserves escaped. */
    private PostgresCopyRows text(String s) {
        if (s == null) {
            return ascii("\\N");
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        room(utf8.length * 2);
        for (byte b : utf8) {
            switch (b) {
                case '\\' -> escaped((byte) '\\');
                case '\t' -> escaped((byte) 't');
                case '\n' -> escaped((byte) 'n');
                case '\r' -> escaped((byte) 'r');
                default -> buffer[length++] = b;
            }
        }
        return this;
    }

    /** bytea's hex input, {@code \x} and two digits a byte, with its backslash escaped for the copy. */
    private PostgresCopyRows bytea(byte[] bytes) {
        room(3 + bytes.length * 2);
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        buffer[length++] = 'x';
        for (byte b : bytes) {
            buffer[length++] = HEX[(b >> 4) & 0xf];
            buffer[length++] = HEX[b & 0xf];
        }
        return this;
    }

    private void escaped(byte letter) {
        buffer[length++] = '\\';
        buffer[length++] = letter;
    }

    private void put(byte b) {
        room(1);
        buffer[length++] = b;
    }

    private void room(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
