package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.H2Dialect;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link ScheduledBacklogClaimCases} on H2. H2 has no counter of rows read, so the claim runs on a connection that
 * records each query it sends ({@link RecordedQueries}), and each is run again under {@code EXPLAIN ANALYZE}, whose
 * {@code scanCount}s are summed. That runs each query on the jobs as they were before the claim: an approximation of
 * what the claim read, which holds here because a claim's later step reads about what its first one read.
 */
class H2ScheduledBacklogClaimTest extends RowCountingBacklogCases {
    @Override
    JdbcSettings newDatabase() {
        return TestDatabases.settings("jdbc:h2:mem:scheduled_backlog;DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Override
    String range(long first, long last) {
        return "SYSTEM_RANGE(" + first + ", " + last + ") AS r(g)";
    }

    @Override
    String payload() {
        return "X'5b5d'";
    }

    @Override
    List<String> analyze(String jobs) {
        return List.of();
    }

    @Override
    ClaimStatement claimStatement() {
        return new H2Dialect(settings.tables()).claim();
    }

    @Override
    String claimOrderPick() {
        return settings.tables().expand("""
                SELECT id FROM {prefix}jobs
                 WHERE queue = ? AND state = 'AVAILABLE' AND run_at <= ?
                 ORDER BY queue, state, priority DESC, run_at, id
                 FETCH FIRST ? ROWS ONLY""");
    }

    /**
     * H2's lock picks the first 50 due jobs before it skips held ones: what is left of those, and the claim ends there
     * for the queue (it comes back short, as any H2 claim that meets held jobs does).
     */
    @Override
    List<Long> claimedBesideHeld(int held) {
        return held >= 50 ? List.of() : ids(BUSY + held, BUSY + 49, 1);
    }

    /** The lock, the count of its pick when it came back short, and the next priority's lookup. */
    @Override
    int statementsPerPriority() {
        return 3;
    }

    @Override
    long rowsRead(String queue, int max) throws SQLException {
        long rows = 0;
        for (RecordedQueries.Query q : recordedClaim(queue, max).all()) {
            rows += rowsReadBy(q.sql(), q.parameters());
        }
        return rows;
    }

    @Override
    long rowsReadBy(String sql, Object... parameters) throws SQLException {
        return TestDatabases.h2ScanCounts(TestDatabases.h2ExplainAnalyze(pool, sql, parameters)).stream()
                .mapToLong(Integer::longValue)
                .sum();
    }
}
