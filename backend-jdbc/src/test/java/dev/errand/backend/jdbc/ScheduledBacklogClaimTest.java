package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimedRow;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs scheduled ahead cost a PostgreSQL claim nothing, however many there are: neither those of a higher priority than
 * the due ones (a reminder scheduled for tomorrow at a high priority, beside today's stream of normal ones) nor those
 * of a queue where nothing is due yet (which every idle worker claims from now and then). A claim that walked the
 * queue in claim order and dropped the jobs not yet due read every one of them, on every claim. Counts rows in the
 * plan of the statement as it ran ({@code EXPLAIN ANALYZE}, rolled back), never times them.
 */
class ScheduledBacklogClaimTest {
    private static final int SCHEDULED = 20_000;
    private static final int DUE = 300;
    private static final int CLAIM = 100;
    /** Epoch µs of "now" for the claims; the scheduled jobs are due a day later. */
    private static final long NOW = 1_800_000_000_000_000L;

    private static final long TOMORROW = NOW + 86_400_000_000L;

    private static final Pattern ROWS_REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.postgres("scheduled_backlog");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        String columns = " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms, enqueued_at, run_at,"
                + " fingerprint, payload)";
        TestDatabases.execute(
                pool,
                // queue "mixed": the scheduled jobs at priority 5, the due ones at 0
                "INSERT INTO " + jobs + columns + " SELECT g, 'noop', 'mixed', 5, 'AVAILABLE', 0, 3, 60000, " + NOW
                        + ", " + TOMORROW + ", 'f', '\\x5b5d'::bytea FROM generate_series(1, " + SCHEDULED + ") g",
                "INSERT INTO " + jobs + columns + " SELECT g, 'noop', 'mixed', 0, 'AVAILABLE', 0, 3, 60000, " + NOW
                        + ", " + (NOW - 1_000_000) + " + g, 'f', '\\x5b5d'::bytea FROM generate_series("
                        + (SCHEDULED + 1) + ", " + (SCHEDULED + DUE) + ") g",
                // queue "later": only scheduled jobs, of several priorities
                "INSERT INTO " + jobs + columns + " SELECT g, 'noop', 'later', g % 3, 'AVAILABLE', 0, 3, 60000, "
                        + NOW + ", " + TOMORROW + " + g, 'f', '\\x5b5d'::bytea FROM generate_series("
                        + (SCHEDULED + DUE + 1) + ", " + (2 * SCHEDULED + DUE) + ") g",
                // queue "several": 30 due jobs at each of the priorities 2, 1 and 0, and scheduled ones at 3 and 1
                "INSERT INTO " + jobs + columns + " SELECT g, 'noop', 'several', g % 3, 'AVAILABLE', 0, 3, 60000, "
                        + NOW + ", " + (NOW - 1_000_000) + " + g, 'f', '\\x5b5d'::bytea FROM generate_series("
                        + (3 * SCHEDULED) + ", " + (3 * SCHEDULED + 89) + ") g",
                "INSERT INTO " + jobs + columns + " SELECT g, 'noop', 'several', 1 + 2 * (g % 2), 'AVAILABLE', 0, 3,"
                        + " 60000, " + NOW + ", " + TOMORROW + ", 'f', '\\x5b5d'::bytea FROM generate_series("
                        + (4 * SCHEDULED) + ", " + (4 * SCHEDULED + 999) + ") g",
                "ANALYZE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void dueJobsBelowAHigherPriorityScheduledBacklog_areClaimedWithoutReadingTheBacklog() throws SQLException {
        List<ClaimedRow> claimed = claim("mixed");
        assertThat(claimed)
                .hasSize(CLAIM)
                .allSatisfy(row -> assertThat(row.priority()).isZero());
        assertThat(claimed.get(0).id()).as("the earliest due job first").isEqualTo(SCHEDULED + 1);

        String plan = explainAnalyzeClaim("mixed");
        assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(CLAIM);
    }

    @Test
    void aQueueWithOnlyScheduledJobs_claimsNothingWithoutReadingThem() throws SQLException {
        assertThat(claim("later")).isEmpty();

        String plan = explainAnalyzeClaim("later");
        assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(CLAIM);
    }

    @Test
    void dueJobsOfSeveralPriorities_areClaimedHighestFirstThenByRunAt() throws SQLException {
        List<ClaimedRow> claimed = claim("several", 50);
        assertThat(claimed).extracting(ClaimedRow::priority).containsOnly(2, 1);
        assertThat(claimed.stream().filter(row -> row.priority() == 2)).hasSize(30);
        assertThat(claimed).isSortedAccordingTo(ClaimedRow.CLAIM_ORDER);
        assertThat(claimed.get(30).runAt())
                .as("the earliest due job of priority 1")
                .isEqualTo(claimed.stream()
                        .filter(row -> row.priority() == 1)
                        .mapToLong(ClaimedRow::runAt)
                        .min()
                        .orElseThrow());
        assertThat(claimed).allSatisfy(row -> assertThat(row.runAt()).isLessThanOrEqualTo(NOW));
    }

    @Test
    void aClaimOverSeveralQueues_takesTheBestOfAllOfThem() throws SQLException {
        List<ClaimedRow> claimed = claim(Set.of("mixed", "several", "later"), 70);
        assertThat(claimed).isSortedAccordingTo(ClaimedRow.CLAIM_ORDER);
        assertThat(claimed).extracting(ClaimedRow::queue).containsOnly("several", "mixed");
        assertThat(claimed.stream().filter(row -> row.queue().equals("several")))
                .as("all 60 due jobs of priorities 2 and 1")
                .hasSize(60);
        assertThat(claimed.subList(60, 70))
                .allSatisfy(row -> assertThat(row.priority()).isZero());
    }

    private static List<ClaimedRow> claim(String queue) throws SQLException {
        return claim(queue, CLAIM);
    }

    private static List<ClaimedRow> claim(String queue, int max) throws SQLException {
        return claim(Set.of(queue), max);
    }

    /** The claim as the backend runs it, rolled back. */
    private static List<ClaimedRow> claim(Set<String> queues, int max) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                return new PostgresDialect(settings.tables())
                        .claim()
                        .claim(c, queues, max, "worker-1", NOW, NOW + 30_000_000);
            } finally {
                c.rollback();
            }
        }
    }

    private static String explainAnalyzeClaim(String queue) throws SQLException {
        return TestDatabases.explainAnalyzePrepared(
                pool,
                new PostgresDialect(settings.tables()).claim().statements().get(0),
                "text, bigint, text[], bigint, int, int, int",
                "'worker-1', " + (NOW + 30_000_000) + ", '{" + queue + "}', " + NOW + ", " + CLAIM + ", " + CLAIM + ", "
                        + CLAIM);
    }

    /** The most rows one node of the plan read and dropped (0 when none did). */
    private static long largestRowsRemoved(String plan) {
        Matcher m = ROWS_REMOVED.matcher(plan);
        long most = 0;
        while (m.find()) {
            most = Math.max(most, Long.parseLong(m.group(1)));
        }
        return most;
    }
}
