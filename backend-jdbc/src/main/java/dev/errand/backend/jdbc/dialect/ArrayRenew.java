package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: one statement renews every lease, given as arrays:
 * (lease_expires_at, ids, owners, attempts) → the ids it renewed. A lease counts as held when its job's id came back.
 */
final class ArrayRenew implements RenewStatement {
    private final String sql;

    ArrayRenew(String sql) {
        this.sql = sql;
    }

    @Override
    public boolean[] renew(Connection c, long leaseExpires, List<LeaseKey> leases) throws SQLException {
        Set<Long> renewed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, leaseExpires);
            PostgresArrays.bindLeases(ps, 2, leases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    renewed.add(rs.getLong(1));
                }
            }
        }
        boolean[] held = new boolean[leases.size()];
        for (int i = 0; i < held.length; i++) {
            held[i] = renewed.contains(leases.get(i).id());
        }
        return held;
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
