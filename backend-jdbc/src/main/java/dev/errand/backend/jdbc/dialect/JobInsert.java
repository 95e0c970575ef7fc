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
    /** The insert of one row, as {@link #insertAll} sends it. */
    final String sql;
    /** The insert of one row that skips nothing, which {@link #insertAgain} sends (PostgreSQL's own sends none). */
    final String plainSql;

    JobInsert(String sql, String plainSql) {
        this.sql = sql;
        this.plainSql = plainSql;
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

    /** Whether an unfinished job holds the row's unique key now: the caller's look-up. */
    @FunctionalInterface
    public interface KeyHeld {
        boolean test(NewJobRow row) throws SQLException;
    }

    /**
     * Inserts again a row that {@link #insertAll} left out while no unfinished job holds its key any more (the holder
     * finished meanwhile), or never did (the database refused the row for another reason, which this insert tells).
     * True when stored; false when a new holder took the key meanwhile (the caller looks again). Here, where a failed
     * statement leaves the transaction usable (H2, MySQL), the row goes in without skipping anything, and a unique
     * violation means a new holder only when {@code held} says so: any other refusal is thrown as the database told
     * it.
     */
    public boolean insertAgain(Connection c, NewJobRow row, KeyHeld held) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(plainSql)) {
            row.bind(insert);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isIntegrityViolation(e) && held.test(row)) {
                return false;
            }
            throw e;
        }
    }

    /** The statements it sends; for tests. */
    public List<String> statements() {
        return sql.equals(plainSql) ? List.of(sql) : List.of(sql, plainSql);
    }

    /** SQLState class 23 (integrity constraint violation): on fresh ids, the unique key, or a constraint of the user's. */
    static boolean isIntegrityViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }
}
