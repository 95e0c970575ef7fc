package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.postgresql.core.BaseConnection;

/**
 * PostgreSQL: one {@code UPDATE ... RETURNING} locks, leases and returns the jobs of all queues:
 * (lease_owner, lease_expires_at, queues as a text array, now, now, max, max, max) → job columns with the new attempt.
 *
 * <p>It runs on PostgreSQL's generic plan, without JIT. Left to choose, PostgreSQL kept a custom plan for the claim
 * and planned it anew on every claim (0.3–1.4 ms, more than running a claim of 10 jobs), where it moves the
 * completions to their generic plan after a few executions. The generic plan walks the same indexes
 * ({@code ClaimPlanTest} checks both plans), but its cost, estimated with PostgreSQL's guess for the LIMIT it cannot
 * see, is above {@code jit_above_cost}, so a server with JIT compiled it on every claim (8–15 ms); without JIT it runs
 * as fast as the custom plan (bench/results/perf-round16-2026-12-07.md). So the claim is sent after
 * {@code set_config(..., true)} of both settings, in the same round trip: pgjdbc sends the two statements before one
 * Sync, which makes them one implicit transaction, and the settings end with it.
 *
 * <p>The claim goes alone, on the session's settings as before, where the settings would not reach it or would
 * outlast it: inside a transaction (they would last to its end); where pgjdbc describes the statement and then puts
 * a Sync between the two, its guard against a full receive buffer (from the sixth execution on a connection under
 * {@code stringtype=unspecified}, from the first under {@code prepareThreshold=-1}); and on a connection that does not
 * unwrap to pgjdbc's. With {@code prepareThreshold=0}, and for each connection's first executions before pgjdbc
 * prepares the claim on the server, PostgreSQL builds the generic plan at every claim: no gain there, and no loss.
 *
 * <p>pgjdbc retries a lone statement whose cached plan a schema change invalidated; it does not retry two, so the
 * claim does, once: it ran in auto-commit, so the failed attempt claimed nothing.
 */
final class OneStatementClaim implements ClaimStatement {
    private static final String GENERIC_PLAN_WITHOUT_JIT =
            "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true);\n";

    private final String sql;
    private final String withGenericPlan;

    OneStatementClaim(String sql) {
        this.sql = sql;
        this.withGenericPlan = GENERIC_PLAN_WITHOUT_JIT + sql;
    }

    @Override
    public List<ClaimedRow> claim(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        boolean onGenericPlan = c.getAutoCommit() && sentBeforeOneSync(c);
        try {
            return claim(c, onGenericPlan, queues, max, owner, now, leaseExpires);
        } catch (SQLException e) {
            if (!onGenericPlan || !isStalePreparedStatement(e)) {
                throw e;
            }
            return claim(c, true, queues, max, owner, now, leaseExpires);
        }
    }

    private List<ClaimedRow> claim(
            Connection c, boolean onGenericPlan, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(onGenericPlan ? withGenericPlan : sql)) {
            ps.setString(1, owner);
            ps.setLong(2, leaseExpires);
            PostgresArrays.bindTexts(ps, 3, queues.toArray(String[]::new));
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setInt(6, max);
            ps.setInt(7, max);
            ps.setInt(8, max);
            List<ClaimedRow> rows = onGenericPlan ? afterTheSettings(ps) : ClaimedRow.query(ps, 0);
            rows.sort(ClaimedRow.CLAIM_ORDER); // RETURNING comes in no particular order
            return rows;
        }
    }

    /** The claim's rows, after the one row of the settings. */
    private static List<ClaimedRow> afterTheSettings(PreparedStatement ps) throws SQLException {
        ps.execute();
        if (!ps.getMoreResults()) {
            throw new SQLException("the claim returned no rows to read (expected its RETURNING)");
        }
        try (ResultSet rs = ps.getResultSet()) {
            return ClaimedRow.read(rs, 0);
        }
    }

    /** Whether pgjdbc sends the settings and the claim before one Sync on this connection (see above). */
    private static boolean sentBeforeOneSync(Connection c) throws SQLException {
        if (!c.isWrapperFor(BaseConnection.class)) {
            return false;
        }
        BaseConnection driver = c.unwrap(BaseConnection.class);
        return driver.getStringVarcharFlag() && driver.getPrepareThreshold() >= 0;
    }

    /**
     * PostgreSQL's "cached plan must not change result type" (a column the claim returns changed type) and "prepared
     * statement does not exist" (a pooler reset the session): pgjdbc prepares the statement again at the next try.
     */
    private static boolean isStalePreparedStatement(SQLException e) {
        return "0A000".equals(e.getSQLState()) || "26000".equals(e.getSQLState());
    }

    @Override
    public List<String> statements() {
        return List.of(sql);
    }
}
