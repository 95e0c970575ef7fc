package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL: a batch of at least {@value #COPY_FROM_ROWS} jobs without unique keys is one {@code COPY ... FROM
 * STDIN} ({@link PostgresCopyRows}); any other batch is one {@code INSERT ... SELECT FROM unnest(...)} of one array per
 * column, whatever its size. The same statement text for every batch, so it is parsed and planned once per connection,
 * and the statement trigger that notifies workers runs once per batch (a copy fires it as an insert does); a multi-row
 * {@code VALUES} of 13 parameters a row is a new statement for each batch size and costs the server several times as
 * much per job. A held unique key is skipped with {@code ON CONFLICT DO NOTHING}, which a copy cannot do. A single job
 * goes in with the one-row insert. Every way is one statement, so a batch without unique keys needs no transaction
 * around it. Errors come without the rows' data ({@link PostgresErrors}).
 *
 * <p>PostgreSQL refuses {@code COPY FROM} into a table whose row-level security applies to the user, so before its
 * first copy it asks whether it does ({@code row_security_active}), and copies only when not. Should a copy be refused
 * later all the same (the security turned on while running, or another user's connection in the caller's
 * transaction), it copies no more, and says so in the log: a batch that commits by itself goes in again as an insert
 * at once, since the refused copy stored nothing; in the caller's transaction, which the refusal failed, the error
 * says to run it again. Row-level security checks those inserts as it checks any.
 */
final class PostgresJobInsert extends JobInsert {
    private static final Logger log = LoggerFactory.getLogger(PostgresJobInsert.class);

    /**
     * The smallest batch sent as a copy. The server takes a copy's rows faster than the arrays' (about a quarter more
     * jobs a second at 1,000 a batch, a tenth at 100), but a copy takes two round trips where the insert takes one,
     * which small batches feel.
     */
    static final int COPY_FROM_ROWS = 100;

    /** SQLState of a copy PostgreSQL does not support into the table: row-level security applies to it. */
    private static final String COPY_REFUSED = "0A000";

    private final String arraySql;
    private final String copySql;
    private final String rowSecuritySql;
    /** Whether batches may be copied in: null until the first one that would be asked the server. */
    private volatile Boolean copiesAllowed;

    /**
     * @param sql      the single-row insert ({@link #insertAgain})
     * @param arraySql the batch insert: the thirteen column arrays of {@link #bindColumns} in that order
     * @param copySql  the copy of {@link PostgresCopyRows}'s rows
     * @param rowSecuritySql whether row-level security applies to the table for the connection's user (one boolean)
     */
    PostgresJobInsert(String sql, String arraySql, String copySql, String rowSecuritySql) {
        super(sql, sql);
        this.arraySql = arraySql;
        this.copySql = copySql;
        this.rowSecuritySql = rowSecuritySql;
    }

    @Override
    public boolean storesBatchAtOnce() {
        return true;
    }

    @Override
    public void insertAll(Connection c, List<NewJobRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (copies(c, rows)) {
            try {
                PostgresCopyRows.copy(c, copySql, rows);
                return;
            } catch (SQLException e) {
                if (!COPY_REFUSED.equals(e.getSQLState())) {
                    throw PostgresErrors.withoutRowData(e, rows);
                }
                copiesAllowed = false;
                String refusal = PostgresErrors.withoutRowData(e, null).getMessage();
                log.warn(
                        "PostgreSQL refused to copy a batch of {} jobs into the jobs table ({}), as it does where"
                                + " row-level security applies to the connection's user; batches go in as inserts"
                                + " from now on",
                        rows.size(),
                        refusal);
                if (!c.getAutoCommit()) {
                    throw refusedInTransaction(e, refusal, rows.size());
                }
                // the refused copy stored nothing and took nothing else with it: the batch goes in as an insert
            }
        }
        try {
            if (rows.size() == 1) { // one enqueue(): thirteen one-element arrays would cost more than they save
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    rows.get(0).bind(insert);
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement insert = c.prepareStatement(arraySql)) {
                    bindColumns(insert, rows);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw PostgresErrors.withoutRowData(e, null);
        }
    }

    /** Here the insert skips a held key only (its {@code ON CONFLICT} names the index), and tells any other refusal. */
    @Override
    public boolean insertAgain(Connection c, NewJobRow row, KeyHeld held) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            row.bind(insert);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw PostgresErrors.withoutRowData(e, null);
        }
    }

    /**
     * Whether {@link #insertAll} sends these rows as a copy: enough of them, no unique key, the driver's connection, and
     * the server takes copies into the table.
     */
    private boolean copies(Connection c, List<NewJobRow> rows) throws SQLException {
        if (rows.size() < COPY_FROM_ROWS) {
            return false;
        }
        for (NewJobRow row : rows) {
            if (row.uniqueKey() != null) {
                return false;
            }
        }
        if (!PostgresCopyRows.canCopy(c)) {
            return false;
        }
        Boolean allowed = copiesAllowed;
        if (allowed == null) {
            allowed = !rowSecurityActive(c);
            copiesAllowed = allowed;
        }
        return allowed;
    }

    private boolean rowSecurityActive(Connection c) throws SQLException {
        try (PreparedStatement ask = c.prepareStatement(rowSecuritySql);
                ResultSet answer = ask.executeQuery()) {
            return answer.next() && answer.getBoolean(1);
        }
    }

    private static SQLException refusedInTransaction(SQLException refusal, String told, int jobs) {
        SQLException e = new SQLException(
                "PostgreSQL refused to copy the batch of " + jobs + " jobs into the jobs table (" + told
                        + "), as it does where row-level security applies to the connection's user. Roll back the"
                        + " transaction and run it again: from now on, batches go in as inserts",
                refusal.getSQLState(),
                refusal.getErrorCode());
        e.setStackTrace(refusal.getStackTrace());
        return e;
    }

    /**
     * Binds (id, name, queue, priority, max_attempts, timeout_ms, enqueued_at, run_at, unique_key, fingerprint,
     * payload, headers, awaited) as arrays.
     */
    private static void bindColumns(PreparedStatement ps, List<NewJobRow> rows) throws SQLException {
        int n = rows.size();
        Long[] ids = new Long[n];
        String[] names = new String[n];
        String[] queues = new String[n];
        Integer[] priorities = new Integer[n];
        Integer[] maxAttempts = new Integer[n];
        Long[] timeouts = new Long[n];
        Long[] enqueuedAt = new Long[n];
        Long[] runAt = new Long[n];
        String[] uniqueKeys = new String[n];
        String[] fingerprints = new String[n];
        byte[][] payloads = new byte[n][];
        String[] headers = new String[n];
        Boolean[] awaited = new Boolean[n];
        for (int i = 0; i < n; i++) {
            NewJobRow r = rows.get(i);
            ids[i] = r.id();
            names[i] = r.name();
            queues[i] = r.queue();
            priorities[i] = r.priority();
            maxAttempts[i] = r.maxAttempts();
            timeouts[i] = r.timeoutMs();
            enqueuedAt[i] = r.enqueuedAt();
            runAt[i] = r.runAt();
            uniqueKeys[i] = r.uniqueKey();
            fingerprints[i] = r.fingerprint();
            payloads[i] = r.payload();
            headers[i] = r.headers();
            awaited[i] = r.awaited();
        }
        Connection c = ps.getConnection();
        ps.setArray(1, c.createArrayOf("int8", ids));
        ps.setArray(2, c.createArrayOf("text", names));
        ps.setArray(3, c.createArrayOf("text", queues));
        ps.setArray(4, c.createArrayOf("int4", priorities));
        ps.setArray(5, c.createArrayOf("int4", maxAttempts));
        ps.setArray(6, c.createArrayOf("int8", timeouts));
        ps.setArray(7, c.createArrayOf("int8", enqueuedAt));
        ps.setArray(8, c.createArrayOf("int8", runAt));
        ps.setArray(9, c.createArrayOf("text", uniqueKeys));
        ps.setArray(10, c.createArrayOf("text", fingerprints));
        ps.setArray(11, c.createArrayOf("bytea", payloads));
        ps.setArray(12, c.createArrayOf("text", headers));
        ps.setArray(13, c.createArrayOf("bool", awaited));
    }

    @Override
    public List<String> statements() {
        return List.of(sql, arraySql, copySql, rowSecuritySql);
    }
}
