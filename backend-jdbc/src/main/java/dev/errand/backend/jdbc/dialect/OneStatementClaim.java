package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: one {@code UPDATE ... RETURNING} locks, leases and returns the jobs of all queues:
 * (lease_owner, lease_expires_at, queues as a text array, now, now, max, max, max) → job columns with the new attempt.
 */
final class OneStatementClaim implements ClaimStatement {
    private final String sql;

    OneStatementClaim(String sql) {
        this.sql = sql;
    }

    @Override
    public List<ClaimedRow> claim(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setLong(2, leaseExpires);
            PostgresArrays.bindTexts(ps, 3, queues.toArray(String[]::new));
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setInt(6, max);
            ps.setInt(7, max);
            ps.setInt(8, max);
            List<ClaimedRow> rows = ClaimedRow.query(ps, 0);
            rows.sort(ClaimedRow.CLAIM_ORDER); // RETURNING comes in no particular order
            return rows;
        }
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
