package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ScheduledBacklogClaimCases} on PostgreSQL, whose claim is one statement: what it read is in its plan as it ran
 * ({@code EXPLAIN (ANALYZE, BUFFERS)}, rolled back): the buffers of the part that picks the jobs, and the rows a filter
 * dropped.
 */
class ScheduledBacklogClaimTest extends ScheduledBacklogClaimCases {
    /**
     * At most what picking the jobs may read from a queue where nothing is due: a few index pages. Walking
     * {@value #SCHEDULED} scheduled jobs' index entries reads hundreds.
     */
    private static final long BUFFERS_WHEN_NOTHING_IS_DUE = 50;
    /** The same for a claim of {@value #CLAIM} due jobs, which locks each one's row (about 120 buffers in all). */
    private static final long BUFFERS_FOR_A_CLAIM = 250;

    /** The backend claims on the generic plan; a transaction of the caller's gets the custom one. */
    private static final String[] PLANS = {"force_generic_plan", "force_custom_plan"};

    private static final Pattern ROWS_REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    @Override
    JdbcSettings newDatabase() {
        return TestDatabases.postgres("scheduled_backlog");
    }

    @Override
    String range(long first, long last) {
        return "generate_series(" + first + ", " + last + ") AS r(g)";
    }

    @Override
    String payload() {
        return "'\\x5b5d'::bytea";
    }

    @Override
    List<String> analyze(String jobs) {
        return List.of("ANALYZE " + jobs);
    }

    @Override
    ClaimStatement claimStatement() {
        return new PostgresDialect(settings.tables()).claim();
    }

    @Override
    void assertReadsAboutTheClaimedJobs(String queue, int max) throws SQLException {
        for (String mode : PLANS) {
            String plan = explainAnalyzeClaim(queue, max, mode);
            assertThat(pickingBuffers(plan)).as(plan).isLessThanOrEqualTo(BUFFERS_FOR_A_CLAIM);
            assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(max);
        }
    }

    @Override
    void assertReadsAlmostNothing(String queue) throws SQLException {
        for (String mode : PLANS) {
            String plan = explainAnalyzeClaim(queue, CLAIM, mode);
            assertThat(pickingBuffers(plan)).as(plan).isLessThanOrEqualTo(BUFFERS_WHEN_NOTHING_IS_DUE);
            assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(CLAIM);
        }
    }

    private String explainAnalyzeClaim(String queue, int max, String planCacheMode) throws SQLException {
        return TestDatabases.explainAnalyzePrepared(
                pool,
                claimStatement().statements().get(0),
                TestDatabases.POSTGRES_CLAIM_TYPES,
                TestDatabases.postgresClaimArguments(queue, NOW, NOW + 30_000_000, max),
                planCacheMode);
    }

    /** The buffers (hit and read) of the part of the plan that picks the jobs: the first node after "InitPlan". */
    private static long pickingBuffers(String plan) {
        String picking = plan.substring(plan.indexOf("InitPlan"));
        Matcher m = BUFFERS.matcher(picking);
        if (!m.find()) {
            throw new AssertionError("no buffers in the plan's InitPlan:\n" + plan);
        }
        return (m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }

    /** The most rows one node of the plan dropped per loop (0 when none did). */
    private static long largestRowsRemoved(String plan) {
        Matcher m = ROWS_REMOVED.matcher(plan);
        long most = 0;
        while (m.find()) {
            most = Math.max(most, Long.parseLong(m.group(1)));
        }
        return most;
    }
}
