package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts new jobs in the caller's transaction with one insert statement of the parameters
 * {@link NewJobRow#bind} sets. A job whose unique key an unfinished job of the same name and
 * queue holds is left out, without failing the transaction; the caller then asks
 * {@link Dialect#uniqueKeyHolder()} who holds it. Built by the {@link Dialect}.
 */
public abstract sealed class JobInsert permits SkippingJobInsert, KeyedOneByOneJobInsert, PostgresJobInsert {
    final String sql;

    JobInsert(String sql) {
        this.sql = sql;
    }

    /** Inserts the rows, in as few round trips as the database allows. */
    public abstract void insertAll(Connection c, List<NewJobRow> rows) throws SQLException;

    /**
     * Whether {@link #insertAll} stores a batch without unique keys in one statement, all of it or nothing, so that it
     * may run in auto-commit without a transaction around it.
     */
    public boolean storesBatchAtOnce() {
        return false;
    }

    /** Inserts one row. */
    public void insertOne(Connection c, NewJobRow row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            insertUnlessKeyHeld(insert, row);
        }
    }

    /** The statements it sends; for tests. */
    public List<String> statements() {
        return List.of(sql);
    }

    /** Inserts the row with {@code insert}; a violation of the unique key index leaves it out (the key is held). */
    static void insertUnlessKeyHeld(PreparedStatement insert, NewJobRow row) throws SQLException {
        row.bind(insert);
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    /** SQLState class 23 (integrity constraint violation); the only conflict possible on fresh ids is the unique key. */
    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }
}
