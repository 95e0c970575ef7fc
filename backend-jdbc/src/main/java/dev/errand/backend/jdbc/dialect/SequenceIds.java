package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** PostgreSQL and H2: the sequence {@code {prefix}job_ids} gives one row per new id: (count) → id. */
final class SequenceIds extends IdReservation {
    private final String next;

    SequenceIds(TableNames tables, String next) {
        super(next, tables.expand("USAGE on sequence {prefix}job_ids"));
        this.next = next;
    }

    @Override
    public long[] reserve(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(next)) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && n < count) {
                    ids[n++] = rs.getLong(1);
                }
            }
        }
        if (n != count) {
            throw new IllegalStateException("reserved " + n + " job ids instead of " + count + " with: " + next);
        }
        Arrays.sort(ids);
        return ids;
    }

    @Override
    public List<String> statements() {
        return List.of(next);
    }
}
