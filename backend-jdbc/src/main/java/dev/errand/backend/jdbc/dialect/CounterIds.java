package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * MySQL/MariaDB, which have no sequences: the one-row counter {@code {prefix}id_block} is moved on
 * by the count, (count), and the session's last insert id is the range's last id.
 */
final class CounterIds extends IdReservation {
    private final String advance;
    private final String lastId;

    CounterIds(TableNames tables, String advance, String lastId) {
        super(advance, tables.expand("SELECT, UPDATE on {prefix}id_block"));
        this.advance = advance;
        this.lastId = lastId;
    }

    @Override
    public long[] reserve(Connection c, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(advance)) {
            ps.setInt(1, count);
            ps.executeUpdate();
        }
        long last;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(lastId)) {
            rs.next();
            last = rs.getLong(1);
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = last - count + 1 + i;
        }
        return ids;
    }

    @Override
    public List<String> statements() {
        return List.of(advance, lastId);
    }
}
