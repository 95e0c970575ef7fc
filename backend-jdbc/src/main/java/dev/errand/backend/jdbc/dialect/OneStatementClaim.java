package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: one {@code UPDATE ... RETURNING} locks, leases and returns the jobs of all queues:
 * (queues as a text array, now, max, max, lease_owner, lease_expires_at) → job columns with the new attempt.
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
            PostgresArrays.bindTexts(ps, 1, queues.toArray(String[]::new));
            ps.setLong(2, now);
            ps.setInt(3, max);
            ps.setInt(4, max);
            ps.setString(5, owner);
            ps.setLong(6, leaseExpires);
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
