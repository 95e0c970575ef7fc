package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * MySQL/MariaDB: the insert itself skips a held unique key ({@code ON DUPLICATE KEY UPDATE id = id}), so every row goes
 * in one JDBC batch. (PostgreSQL inserts a batch from arrays or copies it in: {@link PostgresJobInsert}.)
 */
final class SkippingJobInsert extends JobInsert {

    SkippingJobInsert(String sql) {
        super(sql);
    }

    @Override
    public void insertAll(Connection c, List<NewJobRow> rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (NewJobRow row : rows) {
                row.bind(insert);
                insert.addBatch();
            }
            if (!rows.isEmpty()) {
                insert.executeBatch();
            }
        }
    }
}
