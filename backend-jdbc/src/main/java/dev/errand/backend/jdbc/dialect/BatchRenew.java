package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * MySQL/MariaDB and H2: one JDBC batch of one fenced update per lease; a lease counts as held
 * unless its update count is 0.
 */
final class BatchRenew implements RenewStatement {
    private final String sql;

    BatchRenew(TableNames tables) {
        this.sql = tables.expand("""
                UPDATE {prefix}jobs
                   SET lease_expires_at = ?
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
    }

    @Override
    public boolean[] renew(Connection c, long leaseExpires, List<LeaseKey> leases) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int[] counts = LeaseBatch.execute(ps, leaseExpires, leases);
            boolean[] held = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                held[i] = counts[i] != 0;
            }
            return held;
        }
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
