package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL claim must walk the claim index, each priority's due jobs in claim order, and stop
 * after its LIMIT, whatever the statistics say: a plan that reads every due job of the queue and sorts them made each claim
 * cost tens of milliseconds with a deep backlog (bench/results/baseline-2026-11-29.md). The
 * statistics here are the worst case: taken while all 50,000 jobs were scheduled far ahead, then
 * they all fall due before autovacuum looks again. Asserts the plan's shape, never its timing; and
 * that the claim runs on the generic plan without JIT, in auto-commit only.
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
                "UPDATE " + jobs + " SET run_at = id",
                // what each claim ran with (the claim is the only statement that sets jobs RUNNING here)
                "CREATE TABLE claim_settings (backend INT NOT NULL, mode TEXT NOT NULL, jit TEXT NOT NULL)",
                "CREATE FUNCTION record_claim_settings() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO claim_settings VALUES (pg_backend_pid(), current_setting('plan_cache_mode'),"
                        + " current_setting('jit')); RETURN NULL; END $$",
                "CREATE TRIGGER record_claim_settings AFTER UPDATE ON " + jobs
                        + " FOR EACH STATEMENT EXECUTE FUNCTION record_claim_settings()");
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
     * PostgreSQL kept a custom plan for the claim and planned it anew on every execution, and a server with JIT compiled
     * the generic plan on every execution; the claim asks for the generic plan without JIT for its own implicit
     * transaction only. A trigger records the settings each claim statement ran with.
     */
    @Test
    void theClaimRunsOnTheGenericPlanWithoutJit_andLeavesTheSessionsSettingsAlone() throws SQLException {
        insertJobs("generic", 120);
        try (Connection c = newConnection("")) {
            String sessions = sessionSettings(c);
            assertThat(claimRepeatedly(settings, c, "generic", 12)).isEqualTo(120);
            assertThat(settingsTheClaimsRanWith(c)).hasSize(12).containsOnly("force_generic_plan/off");
            assertThat(sessionSettings(c))
                    .as("the session's settings after the claims")
                    .isEqualTo(sessions);
        }
    }

    /** The server counts which plans a prepared statement ran on (pg_prepared_statements, PostgreSQL 14 and later). */
    @Test
    void preparedOnTheServer_theClaimIsNeverPlannedAnew() throws SQLException {
        insertJobs("prepared", 120);
        try (Connection c = newConnection("")) {
            c.unwrap(PGConnection.class).setPrepareThreshold(1); // prepared on the server from the first claim on
            claimRepeatedly(settings, c, "prepared", 12);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int,"
                            + " (SELECT sum(generic_plans) FROM pg_prepared_statements WHERE NOT from_sql"
                            + " AND statement LIKE '%SET state = ''RUNNING''%'),"
                            + " (SELECT sum(custom_plans) FROM pg_prepared_statements WHERE NOT from_sql"
                            + " AND statement LIKE '%SET state = ''RUNNING''%')")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("pg_prepared_statements counts plans from PostgreSQL 14 on")
                        .isGreaterThanOrEqualTo(140000);
                assertThat(rs.getLong(2)).as("claims on the generic plan").isEqualTo(12);
                assertThat(rs.getLong(3)).as("claims planned anew").isZero();
            }
            settingsTheClaimsRanWith(c);
        }
    }

    /** In a transaction the settings would outlast the claim: it goes alone, on the session's settings. */
    @Test
    void inATransaction_theClaimRunsOnTheSessionsSettings() throws SQLException {
        insertJobs("in_transaction", 10);
        try (Connection c = newConnection("")) {
            String sessions = sessionSettings(c);
            c.setAutoCommit(false);
            assertThat(claimRepeatedly(settings, c, "in_transaction", 1)).isEqualTo(10);
            assertThat(sessionSettings(c))
                    .as("later in the claim's transaction")
                    .isEqualTo(sessions);
            c.commit();
            assertThat(settingsTheClaimsRanWith(c)).containsOnly(sessions);
        }
    }

    /**
     * With stringtype=unspecified pgjdbc puts a Sync between the settings and the claim from the statement's sixth
     * execution on, so the settings would not reach it: the claim goes alone and still claims every job.
     */
    @Test
    void withUntypedStrings_theClaimRunsOnTheSessionsSettings() throws SQLException {
        insertJobs("untyped", 80);
        try (Connection c = newConnection("stringtype=unspecified")) {
            String sessions = sessionSettings(c);
            assertThat(claimRepeatedly(settings, c, "untyped", 8)).isEqualTo(80);
            assertThat(settingsTheClaimsRanWith(c)).hasSize(8).containsOnly(sessions);
        }
    }

    /**
     * A schema change that alters a column the claim returns invalidates the server's cached plan ("cached plan must
     * not change result type"); pgjdbc does not retry a statement of two, the claim does, once, and the next claim
     * finds the jobs. Its own database: the change would disturb the other tests.
     */
    @Test
    void aClaimAfterASchemaChange_isRetriedOnce() throws SQLException {
        JdbcSettings own = TestDatabases.postgres("claim_retry");
        try (HikariDataSource ownPool = TestDatabases.poolWithSchema(own)) {
            insertJobs(ownPool, own, "q", 30);
            try (Connection c = DriverManager.getConnection(own.url(), PostgresServer.USER, PostgresServer.PASSWORD)) {
                c.unwrap(PGConnection.class).setPrepareThreshold(1);
                assertThat(claimRepeatedly(own, c, "q", 1)).isEqualTo(10);
                TestDatabases.execute(
                        ownPool, "ALTER TABLE " + own.tables().jobs() + " ALTER COLUMN max_attempts TYPE BIGINT");
                assertThat(claimRepeatedly(own, c, "q", 1)).isEqualTo(10);
            }
        }
    }

    private static void insertJobs(String queue, int count) {
        insertJobs(pool, settings, queue, count);
    }

    /** {@code count} due jobs in that queue, with ids of their own in the table. */
    private static void insertJobs(DataSource into, JdbcSettings database, String queue, int count) {
        long first = 1_000_000L * (1 + Math.abs(queue.hashCode() % 1000));
        TestDatabases.execute(
                into,
                "INSERT INTO " + database.tables().jobs() + " (id, name, queue, priority, state, attempt, max_attempts,"
                        + " timeout_ms, enqueued_at, run_at, fingerprint, payload)"
                        + " SELECT " + first + " + g, 'noop', '" + queue + "', 0, 'AVAILABLE', 0, 3, 60000, g, g, 'f',"
                        + " '\\x5b5d'::bytea FROM generate_series(1, " + count + ") g");
    }

    /** A connection of its own (the driver keeps its prepared statements per connection), in auto-commit. */
    private static Connection newConnection(String extraUrlProperty) throws SQLException {
        String url = settings.url()
                + (extraUrlProperty.isEmpty() ? "" : (settings.url().contains("?") ? "&" : "?") + extraUrlProperty);
        return DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** Claims up to 10 jobs of the queue that many times in a row on {@code c}; how many jobs they claimed. */
    private static int claimRepeatedly(JdbcSettings database, Connection c, String queue, int times)
            throws SQLException {
        ClaimStatement claim = new PostgresDialect(database.tables()).claim();
        int claimed = 0;
        for (int i = 0; i < times; i++) {
            claimed += claim.claim(c, Set.of(queue), 10, "w", 1_000_000L, 2_000_000L)
                    .size();
        }
        return claimed;
    }

    /** "plan_cache_mode/jit" as each claim statement on this connection's backend saw them, then forgets them. */
    private static List<String> settingsTheClaimsRanWith(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "DELETE FROM claim_settings WHERE backend = pg_backend_pid() RETURNING mode || '/' || jit")) {
            while (rs.next()) {
                seen.add(rs.getString(1));
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        assertThat(seen).as("claims the trigger saw").isNotEmpty();
        return seen;
    }

    /** "plan_cache_mode/jit" of the session as it stands. */
    private static String sessionSettings(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT current_setting('plan_cache_mode') || '/' || current_setting('jit')")) {
            rs.next();
            return rs.getString(1);
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
