package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL claim must walk the claim index, each priority's due jobs in claim order, and stop
 * after its LIMIT, whatever the statistics say: a plan that reads every due job of the queue and sorts them made each claim
 * cost tens of milliseconds with a deep backlog (bench/results/baseline-2026-11-29.md). The
 * statistics here are the worst case: taken while the table was empty, then 50,000 jobs arrive
 * before autovacuum looks again. Asserts the plan's shape, never its timing.
 */
class ClaimPlanTest {
    private static final int QUEUED = 50_000;
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fillWithStaleStatistics() {
        settings = TestDatabases.postgres("claim_plan");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)",
                // Statistics taken while the jobs were scheduled far ahead: "run_at <= now" then looks like it matches
                // nothing, which made the (queue, run_at) index plus a sort look cheap.
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                        + " enqueued_at, run_at, fingerprint, payload)"
                        + " SELECT g, 'noop', 'q', 0, 'AVAILABLE', 0, 3, 60000, g, 9000000000000000 + g, 'f',"
                        + " '\\x5b5d'::bytea FROM generate_series(1, " + QUEUED + ") g",
                "ANALYZE " + jobs,
                "UPDATE " + jobs + " SET run_at = id");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void theClaimReadsTheClaimIndexInOrderAndSortsNothing() throws SQLException {
        for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
            String plan = explainClaim(mode);
            assertThat(plan)
                    .as(plan)
                    .contains("Index Scan using " + settings.tables().prefix() + "jobs_claim");
            assertThat(plan)
                    .as(plan)
                    .doesNotContain("Seq Scan on " + settings.tables().jobs());
            // The next-due index only answers whether anything is due (alias "due"); the jobs come from the claim
            // index.
            assertThat(plan.lines().filter(l -> l.contains("jobs_due")))
                    .as(plan)
                    .allMatch(l -> l.contains(" on " + settings.tables().jobs() + " due"));
            // Sorts of at most LIMIT rows (merging queues) are fine; a sort of the queue's jobs themselves (alias p,
            // under the lateral join) is the bug.
            assertThat(plan.lines().filter(l -> l.contains("Sort Key: p.")).count())
                    .as(plan)
                    .isZero();
        }
    }

    /**
     * PostgreSQL kept a custom plan for the claim and planned it anew on every execution; the claim asks for the
     * generic plan (whose shape the test above checks) for its own transaction only. The server counts which plans a
     * prepared statement ran on (pg_prepared_statements, PostgreSQL 14 and later).
     */
    @Test
    void theClaimRunsOnTheGenericPlan_andLeavesTheSessionsSettingAlone() throws SQLException {
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                        + " enqueued_at, run_at, fingerprint, payload)"
                        + " SELECT 1000000 + g, 'noop', 'generic', 0, 'AVAILABLE', 0, 3, 60000, g, g, 'f',"
                        + " '\\x5b5d'::bytea FROM generate_series(1, 200) g");
        ClaimStatement claim = new PostgresDialect(settings.tables()).claim();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true); // as the backend claims
            int claimed = 0;
            for (int i = 0; i < 12; i++) {
                claimed += claim.claim(c, Set.of("generic"), 10, "w", 1_000_000L, 2_000_000L)
                        .size();
            }
            assertThat(claimed).isEqualTo(120);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('plan_cache_mode'),"
                            + " (SELECT sum(generic_plans) FROM pg_prepared_statements WHERE statement LIKE '%"
                            + jobs + " j%SET state = ''RUNNING''%'),"
                            + " (SELECT sum(custom_plans) FROM pg_prepared_statements WHERE statement LIKE '%"
                            + jobs + " j%SET state = ''RUNNING''%')")) {
                rs.next();
                assertThat(rs.getString(1))
                        .as("the session's plan_cache_mode after the claims")
                        .isEqualTo("auto");
                // the driver prepares the claim on the server from its fifth execution on: 8 of the 12 ran there
                assertThat(rs.getLong(2)).as("claims on the generic plan").isEqualTo(8);
                assertThat(rs.getLong(3)).as("claims planned anew").isZero();
            }
        }
    }

    @Test
    void theNextDueLookupReadsTheDueIndex() throws SQLException {
        String nextRunAt = new PostgresDialect(settings.tables()).nextRunAt().replace("?", "'q'");
        StringBuilder plan = new StringBuilder();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN " + nextRunAt)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            c.rollback();
        }
        assertThat(plan.toString())
                .as(plan.toString())
                .contains(settings.tables().prefix() + "jobs_due");
    }

    /**
     * EXPLAINs the claim as the backend runs it: a server-side prepared statement, whose plan may be the generic one
     * (LIMIT and the time unknown) that PostgreSQL caches after a few executions, or a custom one.
     */
    private static String explainClaim(String planCacheMode) throws SQLException {
        return TestDatabases.explainPrepared(
                pool,
                new PostgresDialect(settings.tables()).claim().statements().get(0),
                TestDatabases.POSTGRES_CLAIM_TYPES,
                TestDatabases.postgresClaimArguments("q", QUEUED + 1, 9000000000000000L, 100),
                planCacheMode);
    }
}
