package dev.errand.backend.jdbc.dialect;

import static java.util.stream.Collectors.partitioningBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB: a row with a unique key goes in with an insert that skips a held key ({@code ON DUPLICATE KEY UPDATE
 * id = id}); a row without one with the plain insert. MySQL's skip cannot name the index: it would leave out just as
 * silently a row that breaks a unique index of the user's, or the primary key. The rows of each kind go in one JDBC
 * batch. (PostgreSQL inserts a batch from arrays or copies it in: {@link PostgresJobInsert}.)
 */
final class SkippingJobInsert extends JobInsert {

    SkippingJobInsert(String sql, String plainSql) {
        super(sql, plainSql);
    }

    @Override
    public void insertAll(Connection c, List<NewJobRow> rows) throws SQLException {
        try {
            Map<Boolean, List<NewJobRow>> byKey = rows.stream().collect(partitioningBy(row -> row.uniqueKey() != null));
            insertBatch(c, plainSql, byKey.get(false));
            insertBatch(c, sql, byKey.get(true));
        } catch (SQLException e) {
            throw MySqlErrors.withoutRowData(e);
        }
    }

    @Override
    public boolean insertAgain(Connection c, NewJobRow row, KeyHeld held) throws SQLException {
        try {
            return super.insertAgain(c, row, held);
        } catch (SQLException e) {
            throw MySqlErrors.withoutRowData(e);
        }
    }

    private static void insertBatch(Connection c, String sql, List<NewJobRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (NewJobRow row : rows) {
                row.bind(insert);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
