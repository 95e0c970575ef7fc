package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: a batch of at least {@value #COPY_FROM_ROWS} jobs without unique keys is one {@code COPY ... FROM
 * STDIN} ({@link PostgresCopyRows}); any other batch is one {@code INSERT ... SELECT FROM unnest(...)} of one array per
 * column, whatever its size. The same statement text for every batch, so it is parsed and planned once per connection,
 * and the statement trigger that notifies workers runs once per batch (a copy fires it as an insert does); a multi-row
 * {@code VALUES} of 13 parameters a row is a new statement for each batch size and costs the server several times as
 * much per job. A held unique key is skipped with {@code ON CONFLICT DO NOTHING}, which a copy cannot do. A single job
 * goes in with the one-row insert. Every way is one statement, so a batch without unique keys needs no transaction
 * around it. Errors come without the rows' data ({@link PostgresErrors}).
 */
final class PostgresJobInsert extends JobInsert {
    /**
     * The smallest batch sent as a copy. The server takes a copy's rows faster than the arrays' (about a quarter more
     * jobs a second at 1,000 a batch, a tenth at 100), but a copy takes two round trips where the insert takes one,
     * which small batches feel.
     */
    static final int COPY_FROM_ROWS = 100;

    private final String arraySql;
    private final String copySql;

    /**
     * @param sql      the single-row insert ({@link #insertOne})
     * @param arraySql the batch insert: the thirteen column arrays of {@link #bindColumns} in that order
     * @param copySql  the copy of {@link PostgresCopyRows}'s rows
     */
    PostgresJobInsert(String sql, String arraySql, String copySql) {
        super(sql);
        this.arraySql = arraySql;
        this.copySql = copySql;
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
        boolean copied = copies(c, rows);
        try {
            if (copied) {
                PostgresCopyRows.copy(c, copySql, rows);
            } else if (rows.size() == 1) { // one enqueue(): thirteen one-element arrays would cost more than they save
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
            throw PostgresErrors.withoutRowData(e, copied ? rows : null);
        }
    }

    @Override
    public void insertOne(Connection c, NewJobRow row) throws SQLException {
        try {
            super.insertOne(c, row);
        } catch (SQLException e) {
            throw PostgresErrors.withoutRowData(e, null);
        }
    }

    /** Whether {@link #insertAll} sends these rows as a copy: enough of them, no unique key, the driver's connection. */
    private static boolean copies(Connection c, List<NewJobRow> rows) throws SQLException {
        if (rows.size() < COPY_FROM_ROWS) {
            return false;
        }
        for (NewJobRow row : rows) {
            if (row.uniqueKey() != null) {
                return false;
            }
        }
        return PostgresCopyRows.canCopy(c);
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
        return List.of(sql, arraySql, copySql);
    }
}
