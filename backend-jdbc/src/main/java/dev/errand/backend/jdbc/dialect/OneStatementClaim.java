package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: one {@code UPDATE ... RETURNING} locks, leases and returns the jobs of all queues:
 * (lease_owner, lease_expires_at, queues as a text array, now, now, max, max, max) → job columns with the new attempt.
 *
 * <p>It runs on PostgreSQL's generic plan. Left to choose, PostgreSQL kept a custom plan for it and planned it anew on
 * every claim: 0.3 ms of the 1.0–1.1 ms a claim of 100 jobs took the server. The generic plan walks the same indexes
 * ({@code ClaimPlanTest} checks both), so the claim asks for it with {@code set_config(..., true)}, which lasts until
 * the claim's transaction ends: a statement before the claim in the same round trip, leaving the session's setting and
 * every other statement alone.
 */
final class OneStatementClaim implements ClaimStatement {
    static final String GENERIC_PLAN = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true);\n";

    private final String sql;
    private final String sent;

    OneStatementClaim(String sql) {
        this.sql = sql;
        this.sent = GENERIC_PLAN + sql;
    }

    @Override
    public List<ClaimedRow> claim(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sent)) {
            ps.setString(1, owner);
            ps.setLong(2, leaseExpires);
            PostgresArrays.bindTexts(ps, 3, queues.toArray(String[]::new));
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setInt(6, max);
            ps.setInt(7, max);
            ps.setInt(8, max);
            ps.execute(); // the setting's one row, then the claim's
            if (!ps.getMoreResults()) {
                throw new SQLException("the claim returned no rows to read (expected its RETURNING)");
            }
            List<ClaimedRow> rows;
            try (ResultSet rs = ps.getResultSet()) {
                rows = ClaimedRow.read(rs, 0);
            }
            rows.sort(ClaimedRow.CLAIM_ORDER); // RETURNING comes in no particular order
            return rows;
        }
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
