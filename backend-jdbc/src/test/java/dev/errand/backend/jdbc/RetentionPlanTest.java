package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL prune batch must read the retention index on (state, finished_at) of the one state it deletes and
 * then only the rows it deletes, never the whole table: with dead jobs kept a week and succeeded ones a day, an index
 * on finished_at alone (schema version 1) made every batch step over the dead jobs older than a day; and with
 * {@code id IN (SELECT ...)} the planner hashed the batch's ids and scanned the table for them, once per batch.
 * Asserts the plan's shape, never its timing.
 */
class RetentionPlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.postgres("retention_plan");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                // 30,000 dead jobs that finished first, then 30,000 succeeded ones, then 20,000 waiting.
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                        + " enqueued_at, run_at, finished_at, fingerprint, payload)"
                        + " SELECT g, 'noop', 'q', 0, CASE WHEN g <= 30000 THEN 'DEAD' WHEN g <= 60000 THEN 'SUCCEEDED'"
                        + " ELSE 'AVAILABLE' END, 1, 1, 60000, g, g, CASE WHEN g <= 60000 THEN g END, 'f',"
                        + " '\\x5b5d'::bytea FROM generate_series(1, 80000) g",
                "ANALYZE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aPruneBatchReadsTheRetentionIndexOfItsState() throws SQLException {
        for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
            String plan = explainPrune(mode);
            assertThat(plan)
                    .as(plan)
                    .contains(settings.tables().prefix() + "jobs_retention")
                    .contains(settings.tables().prefix() + "jobs_pkey")
                    .doesNotContain("Seq Scan on " + settings.tables().jobs());
        }
    }

    /** EXPLAINs one batch as the backend runs it, as a prepared statement with a custom or the generic plan. */
    private static String explainPrune(String planCacheMode) throws SQLException {
        return TestDatabases.explainPrepared(
                pool,
                new PostgresDialect(settings.tables()).pruneFinished(),
                "text, bigint, int",
                "'SUCCEEDED', 90000, 2000",
                planCacheMode);
    }
}
