package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.H2Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@link ScheduledBacklogClaimCases} on H2. H2 has no counter of rows read, so the claim runs on a connection that
 * records each query it sends ({@link RecordedQueries}), and each is run again under {@code EXPLAIN ANALYZE}, whose
 * {@code scanCount}s are summed. A claim step here reads what the next one reads, so running the queries again on the
 * jobs as they were before the claim reads what the claim read.
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
    long rowsRead(String queue, int max) throws SQLException {
        RecordedQueries queries = new RecordedQueries();
        try (Connection c = pool.getConnection()) {
            claim(queries.recording(c), Set.of(queue), max);
        }
        long rows = 0;
        for (RecordedQueries.Query q : queries.all()) {
            String plan = TestDatabases.h2ExplainAnalyze(pool, q.sql(), q.parameters());
            rows += TestDatabases.h2ScanCounts(plan).stream()
                    .mapToLong(Integer::longValue)
                    .sum();
        }
        return rows;
    }
}
