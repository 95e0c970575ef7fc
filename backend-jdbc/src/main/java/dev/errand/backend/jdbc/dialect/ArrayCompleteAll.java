package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: one statement over arrays: (finished_at, ids, owners, attempts) → (id, owner, attempt)
 * of each lease that was held.
 */
final class ArrayCompleteAll implements CompleteAllStatement {
    private final String sql;

    ArrayCompleteAll(String sql) {
        this.sql = sql;
    }

    @Override
    public boolean[] completeAll(Connection c, long finishedAt, List<LeaseKey> leases) throws SQLException {
        Set<LeaseKey> done = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, finishedAt);
            PostgresArrays.bindLeases(ps, 2, leases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // The whole lease, not just the id: a stale lease next to the held one of the same job stays false.
                    done.add(new LeaseKey(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        boolean[] held = new boolean[leases.size()];
        for (int i = 0; i < held.length; i++) {
            held[i] = done.contains(leases.get(i));
        }
        return held;
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
