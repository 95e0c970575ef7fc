package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * H2, which has no insert that skips a held unique key: the rows without a key go in one JDBC
 * batch, those with a key one by one, where an integrity violation leaves the row out as if its key
 * were held (H2 rolls back only the failed statement, not the transaction); when the caller's
 * look-up finds no holder, {@link #insertAgain} sends it without that and tells what refused it.
 */
final class KeyedOneByOneJobInsert extends JobInsert {

    KeyedOneByOneJobInsert(String sql) {
        super(sql, sql);
    }

    @Override
    public void insertAll(Connection c, List<NewJobRow> rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            int batched = 0;
            for (NewJobRow row : rows) {
                if (row.uniqueKey() == null) {
                    row.bind(insert);
                    insert.addBatch();
                    batched++;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
            for (NewJobRow row : rows) {
                if (row.uniqueKey() != null) {
                    insertUnlessKeyHeld(insert, row);
                }
            }
        }
    }

    /**
     * Inserts the row with {@code insert}; a violation of any integrity constraint leaves it out: the key is held, or
     * the caller's look-up finds no holder and {@link #insertAgain} tells what else refused it.
     */
    private static void insertUnlessKeyHeld(PreparedStatement insert, NewJobRow row) throws SQLException {
        row.bind(insert);
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isIntegrityViolation(e)) {
                throw e;
            }
        }
    }
}
