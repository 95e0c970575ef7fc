package dev.errand.backend.jdbc.dialect;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * New jobs as the rows of one {@code COPY ... FROM STDIN} in PostgreSQL's text format: a line per job, its columns
 * separated by tabs, {@code \N} for null, a backslash before each backslash, tab, newline and carriage return in a
 * value, and the payload as {@code bytea} hex ({@code \\x...}). The escaping keeps every value in its column: a name
 * with a tab or a newline cannot start another column or another job. With {@link PostgresErrors} and
 * {@link OneStatementClaim}, the only classes that need the PostgreSQL driver's own types, so the others load without
 * the driver.
 */
final class PostgresCopyRows {
    /** About how many bytes go to the server at a time. */
    private static final int PIECE = 256 * 1024;

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
     * run_at, unique_key, fingerprint, payload, headers, awaited), in the column order of {@code copySql}. Sent in
     * pieces of about {@value #PIECE} bytes as they are written, so a batch of large payloads is never whole in memory.
     * Errors come as the driver tells them; the caller takes the rows' data out of them ({@link PostgresErrors}).
     */
    static void copy(Connection c, String copySql, List<NewJobRow> rows) throws SQLException {
        PostgresCopyRows text = new PostgresCopyRows(Math.min(PIECE, rows.size() * 160) + 1024);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            for (NewJobRow row : rows) {
                text.append(row);
                if (text.length >= PIECE) {
                    copy.writeToCopy(text.buffer, 0, text.length);
                    text.length = 0;
                }
            }
            copy.writeToCopy(text.buffer, 0, text.length);
            copy.endCopy();
        } catch (Throwable failure) {
            if (copy.isActive()) { // left open by anything but the driver's own errors: a rollback would wait for it
                try {
                    copy.cancelCopy();
                } catch (SQLException cancelFailed) {
                    failure.addSuppressed(PostgresErrors.withoutRowData(cancelFailed, null));
                }
            }
            throw failure;
        }
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

    /** The decimal digits, written in place: a batch has five numbers a job, and a string each cost a copy's time. */
    private PostgresCopyRows number(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii(Long.toString(value)); // its magnitude has no positive long
        }
        room(20);
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int end = length + digits(value);
        for (int i = end - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
        return this;
    }

    private static int digits(long positive) {
        int n = 1;
        for (long rest = positive / 10; rest > 0; rest /= 10) {
            n++;
        }
        return n;
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
