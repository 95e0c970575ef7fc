package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimedRow;
import dev.errand.backend.jdbc.dialect.H2Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The H2 claim's lock of one priority must read about LIMIT rows however deep the queue is (what the whole claim reads
 * around it: {@code H2ScheduledBacklogClaimTest}). H2 evaluates every matching row of a
 * {@code FOR UPDATE} query before applying its LIMIT, so a plain claim read and sorted the whole backlog (330 ms per
 * claim at 200,000 queued; the deep-queue bench fell to 65 jobs/s). Asserts H2's own row counts, never timing.
 */
class H2ClaimPlanTest {
    private static final int QUEUED = 50_000;
    private static final int LIMIT = 100;
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.settings("jdbc:h2:mem:claim_plan;DB_CLOSE_DELAY=-1", "sa", "");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                        + " enqueued_at, run_at, fingerprint, payload)"
                        + " SELECT X, 'noop', CASE WHEN MOD(X, 10) = 0 THEN 'other' ELSE 'q' END, MOD(X, 3), 'AVAILABLE',"
                        + " 0, 3, 60000, X, X, 'f', X'5b5d' FROM SYSTEM_RANGE(1, " + QUEUED + ")");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void theClaimReadsAboutLimitRows_notTheBacklog() throws SQLException {
        // the walk's lock at the highest priority (2), which has about a third of the backlog due
        String plan = TestDatabases.h2ExplainAnalyze(pool, lockAtPriority(), "q", 2L, (long) QUEUED + 1, LIMIT);
        assertThat(TestDatabases.h2ScanCounts(plan))
                .as(plan)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(rows -> assertThat(rows).as(plan).isLessThanOrEqualTo(LIMIT + 1));
        assertThat(plan).as(plan).contains("index sorted");
    }

    @Test
    void theClaimReturnsTheBestJobsInClaimOrder() throws SQLException {
        try (Connection c = pool.getConnection()) {
            List<ClaimedRow> claimed = new H2Dialect(settings.tables())
                    .claim()
                    .claim(c, Set.of("q"), 5, "worker-1", QUEUED + 1, QUEUED + 2);
            c.rollback();
            assertThat(claimed)
                    .extracting(ClaimedRow::id)
                    .as("the oldest of priority 2, the highest: ids 2, 5, 8, 11, 14")
                    .containsExactly(2L, 5L, 8L, 11L, 14L);
            assertThat(claimed).allSatisfy(row -> assertThat(row.queue()).isEqualTo("q"));
        }
    }

    /** The claim's first statement, which picks and locks the due candidates of one priority of one queue. */
    private static String lockAtPriority() {
        return new H2Dialect(settings.tables()).claim().statements().get(0);
    }
}
