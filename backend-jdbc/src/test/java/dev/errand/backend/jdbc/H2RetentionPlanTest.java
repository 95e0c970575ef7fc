package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.H2Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An H2 prune batch reads about as many rows as it deletes, along the retention index: with an ORDER BY, H2 read every
 * expired job of the state and sorted them before FETCH FIRST (30,001 rows for a batch of 2,000 here), and an index
 * on finished_at alone would make it step over the dead jobs kept longer. Asserts H2's own row counts, never timing.
 */
class H2RetentionPlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.settings("jdbc:h2:mem:retention_plan;DB_CLOSE_DELAY=-1", "sa", "");
        pool = TestDatabases.poolWithSchema(settings);
        // 30,000 dead jobs that finished first, then 30,000 succeeded ones, then 20,000 waiting.
        TestDatabases.execute(
                pool,
                "INSERT INTO " + settings.tables().jobs() + " (id, name, queue, priority, state, attempt,"
                        + " max_attempts, timeout_ms, enqueued_at, run_at, finished_at, fingerprint, payload) SELECT X, 'noop', 'q', 0,"
                        + " CASE WHEN X <= 30000 THEN 'DEAD' WHEN X <= 60000 THEN 'SUCCEEDED' ELSE 'AVAILABLE' END, 1, 1, 60000, X, X,"
                        + " CASE WHEN X <= 60000 THEN X END, 'f', X'5b5d' FROM SYSTEM_RANGE(1, 80000)");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aPruneBatchReadsAboutTheRowsItDeletes_alongTheRetentionIndex() throws SQLException {
        String plan = TestDatabases.h2ExplainAnalyze(
                pool, new H2Dialect(settings.tables()).pruneFinished(), "SUCCEEDED", 90_000L, Retention.BATCH);
        assertThat(plan).as(plan).contains(settings.tables().prefix().toUpperCase() + "JOBS_RETENTION");
        assertThat(TestDatabases.h2ScanCounts(plan))
                .as(plan)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(rows -> assertThat(rows).as(plan).isLessThanOrEqualTo(Retention.BATCH + 1));
    }
}
