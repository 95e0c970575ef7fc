package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimedRow;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs scheduled ahead cost a PostgreSQL claim next to nothing, however many there are: those of a higher priority
 * than the due ones (a reminder scheduled for tomorrow at a high priority, beside today's stream of normal ones) cost
 * one index entry per priority, and those of a queue where nothing is due yet (which every idle worker claims from
 * after each enqueue to it and at least every few seconds) one probe. A claim that walked the queue in claim order and
 * dropped the jobs not yet due read every one of them, on every claim. Counts what the statement read in its plan as it ran ({@code EXPLAIN (ANALYZE,
 * BUFFERS)}, rolled back): the buffers of the part that picks the jobs, and the rows a filter dropped. Never times it.
 */
class ScheduledBacklogClaimTest {
    private static final int SCHEDULED = 50_000;
    private static final int DUE = 300;
    private static final int CLAIM = 100;
    /** Epoch µs of "now" for the claims; the scheduled jobs are due a day later. */
    private static final long NOW = 1_800_000_000_000_000L;

    private static final long TOMORROW = NOW + 86_400_000_000L;
    /** The first id of queue "several" (divisible by 3: its job g has priority g % 3). */
    private static final long SEVERAL = 3L * SCHEDULED;
    /**
     * At most what picking the jobs may read from a queue where nothing is due: a few index pages. Walking
     * {@value #SCHEDULED} scheduled jobs' index entries reads hundreds.
     */
    private static final long BUFFERS_WHEN_NOTHING_IS_DUE = 50;
    /** The same for a claim of {@value #CLAIM} due jobs, which locks each one's row (about 120 buffers in all). */
    private static final long BUFFERS_FOR_A_CLAIM = 250;

    private static final Pattern ROWS_REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.postgres("scheduled_backlog");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        String insert = "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                + " enqueued_at, run_at, fingerprint, payload) SELECT g, 'noop', ";
        String rest = ", 'f', '\\x5b5d'::bytea FROM generate_series(";
        TestDatabases.execute(
                pool,
                // "mixed": the scheduled jobs at priority 5; the due ones at 0, due in id order
                insert + "'mixed', 5, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest + "1, " + SCHEDULED
                        + ") g",
                insert + "'mixed', 0, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + (NOW - 1_000_000) + " + g" + rest
                        + (SCHEDULED + 1) + ", " + (SCHEDULED + DUE) + ") g",
                // "later": only scheduled jobs, of three priorities
                insert + "'later', g % 3, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + " + g" + rest
                        + (SCHEDULED + DUE + 1) + ", " + (2 * SCHEDULED + DUE) + ") g",
                // "distinct": only scheduled jobs, each of its own priority
                insert + "'distinct', g, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest + (5L * SCHEDULED)
                        + ", " + (6L * SCHEDULED - 1) + ") g",
                // "several": 30 due jobs at each of the priorities 2, 1 and 0, due in the reverse of id order; and
                // scheduled ones at 3 and 1
                insert + "'several', g % 3, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW + " - 1000 - g" + rest
                        + SEVERAL + ", " + (SEVERAL + 89) + ") g",
                insert + "'several', 1 + 2 * (g % 2), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest
                        + (4L * SCHEDULED) + ", " + (4L * SCHEDULED + 999) + ") g",
                "ANALYZE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void dueJobsBelowAHigherPriorityScheduledBacklog_areClaimedWithoutReadingTheBacklog() throws SQLException {
        List<ClaimedRow> claimed = claim(Set.of("mixed"), CLAIM);
        assertThat(claimed)
                .extracting(ClaimedRow::id)
                .as("the %d earliest due jobs", CLAIM)
                .isEqualTo(ids(SCHEDULED + 1, SCHEDULED + CLAIM, 1));

        String plan = explainAnalyzeClaim("mixed");
        assertThat(pickingBuffers(plan)).as(plan).isLessThanOrEqualTo(BUFFERS_FOR_A_CLAIM);
        assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(CLAIM);
    }

    @Test
    void aQueueWithOnlyScheduledJobs_claimsNothingWithoutReadingThem() throws SQLException {
        for (String queue : List.of("later", "distinct")) {
            assertThat(claim(Set.of(queue), CLAIM)).as(queue).isEmpty();

            String plan = explainAnalyzeClaim(queue);
            assertThat(pickingBuffers(plan)).as(plan).isLessThanOrEqualTo(BUFFERS_WHEN_NOTHING_IS_DUE);
            assertThat(largestRowsRemoved(plan)).as(plan).isLessThanOrEqualTo(CLAIM);
        }
    }

    @Test
    void dueJobsOfSeveralPriorities_areClaimedHighestFirstThenByRunAt() throws SQLException {
        List<Long> expected = new ArrayList<>(ids(SEVERAL + 89, SEVERAL + 2, -3)); // priority 2, earliest first
        expected.addAll(ids(SEVERAL + 88, SEVERAL + 31, -3)); // the 20 earliest of priority 1
        assertThat(claim(Set.of("several"), 50)).extracting(ClaimedRow::id).isEqualTo(expected);
    }

    @Test
    void aClaimOverSeveralQueues_takesTheBestOfAllOfThem() throws SQLException {
        List<Long> expected = new ArrayList<>(ids(SEVERAL + 89, SEVERAL + 2, -3));
        expected.addAll(ids(SEVERAL + 88, SEVERAL + 1, -3)); // all of priority 1 in "several"
        expected.addAll(ids(SCHEDULED + 1, SCHEDULED + 10, 1)); // then "mixed"'s earliest, of priority 0
        assertThat(claim(Set.of("mixed", "several", "later", "distinct"), 70))
                .extracting(ClaimedRow::id)
                .isEqualTo(expected);
    }

    private static List<Long> ids(long first, long last, int step) {
        return LongStream.iterate(first, id -> step > 0 ? id <= last : id >= last, id -> id + step)
                .boxed()
                .toList();
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
                TestDatabases.POSTGRES_CLAIM_TYPES,
                TestDatabases.postgresClaimArguments(queue, NOW, NOW + 30_000_000, CLAIM));
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
