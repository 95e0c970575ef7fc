package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.ClaimedRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jobs scheduled ahead cost a claim next to nothing, however many there are: those of a higher priority than the due
 * ones (a reminder scheduled for tomorrow at a high priority, beside today's stream of normal ones) a lookup or two per
 * priority, and those of a queue where nothing is due yet (which every idle worker claims from after each enqueue to it
 * and at least every few seconds) one probe. A claim that walked the queue in claim order and dropped the jobs not yet
 * due read every one of them, on every claim. Each database tells what the claim read its own way; never timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScheduledBacklogClaimCases {
    static final int SCHEDULED = 50_000;
    static final int DUE = 300;
    static final int CLAIM = 100;
    /** Epoch µs of "now" for the claims; the scheduled jobs are due a day later. */
    static final long NOW = 1_800_000_000_000_000L;

    static final long TOMORROW = NOW + 86_400_000_000L;
    /** The first id of queue "several" (divisible by 3: its job g has priority g % 3). */
    static final long SEVERAL = 3L * SCHEDULED;
    /** The first id of queue "many": scheduled jobs at the priorities 1 to 40, and due ones at 25, 24 and 0. */
    static final long MANY = 7L * SCHEDULED;
    /** The first id of queue "tiers": 3 due jobs at each of the priorities 9 down to 0, in claim order by id. */
    static final long TIERS = 8L * SCHEDULED;
    /** The first id of queue "busy": 100 due jobs at priority 1, then 100 at priority 0. */
    static final long BUSY = 9L * SCHEDULED;
    /**
     * The first id of queue "sprinkled": one due job at each of the priorities 9 to 6, 5,000 scheduled jobs at 5, and
     * 200 due jobs at 0.
     */
    static final long SPRINKLED = 10L * SCHEDULED;

    JdbcSettings settings;
    HikariDataSource pool;

    /** Settings for a new, empty database. */
    abstract JdbcSettings newDatabase();

    /** The database's source of the ids {@code first} to {@code last} as a {@code FROM} item whose column is {@code g}. */
    abstract String range(long first, long last);

    /** A literal of the two-byte payload {@code []}. */
    abstract String payload();

    /** What brings the planner's statistics up to date after the fill, if anything. */
    abstract List<String> analyze(String jobs);

    abstract ClaimStatement claimStatement();

    /** Asserts that claiming {@code max} jobs of {@code queue} read about what it took, not the jobs scheduled ahead. */
    abstract void assertReadsAboutTheClaimedJobs(String queue, int max) throws SQLException;

    /** Asserts that claiming from {@code queue}, where nothing is due, read a few index entries at most. */
    abstract void assertReadsAlmostNothing(String queue) throws SQLException;

    @BeforeAll
    void fill() {
        settings = newDatabase();
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        String insert = "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                + " enqueued_at, run_at, fingerprint, payload) SELECT g, 'noop', ";
        String rest = ", 'f', " + payload() + " FROM ";
        TestDatabases.execute(
                pool,
                // "mixed": the scheduled jobs at priority 5; the due ones at 0, due in id order
                insert + "'mixed', 5, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest + range(1, SCHEDULED),
                insert + "'mixed', 0, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + (NOW - 1_000_000) + " + g" + rest
                        + range(SCHEDULED + 1, SCHEDULED + DUE),
                // "later": only scheduled jobs, of three priorities
                insert + "'later', MOD(g, 3), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + " + g" + rest
                        + range(SCHEDULED + DUE + 1, 2L * SCHEDULED + DUE),
                // "distinct": only scheduled jobs, each of its own priority
                insert + "'distinct', g, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest
                        + range(5L * SCHEDULED, 6L * SCHEDULED - 1),
                // "several": 30 due jobs at each of the priorities 2, 1 and 0, due in the reverse of id order; and
                // scheduled ones at 3 and 1
                insert + "'several', MOD(g, 3), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW + " - 1000 - g" + rest
                        + range(SEVERAL, SEVERAL + 89),
                insert + "'several', 1 + 2 * MOD(g, 2), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest
                        + range(4L * SCHEDULED, 4L * SCHEDULED + 999),
                // "many": 2,000 scheduled jobs over the priorities 1 to 40; due ones at 25 and 24 (where a walk of 16
                // priorities from 40 ends and its claim-order rest begins, as the H2 and MySQL claims walk) and at 0
                insert + "'many', 1 + MOD(g, 40), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest
                        + range(MANY + 1, MANY + 2000),
                // 49 + g first: MariaDB's ids are unsigned
                insert + "'many', 49 + g - " + MANY + ", 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW + rest
                        + range(MANY - 25, MANY - 24),
                insert + "'many', 0, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW + rest + range(MANY, MANY),
                // "tiers": every job due, 3 at each of 10 priorities
                insert + "'tiers', 9 - FLOOR((g - " + TIERS + ") / 3), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW
                        + " - 1000" + rest + range(TIERS, TIERS + 29),
                // "busy": 100 due at priority 1, then 100 at 0
                insert + "'busy', CASE WHEN g < " + (BUSY + 100) + " THEN 1 ELSE 0 END, 'AVAILABLE', 0, 3, 60000, "
                        + NOW + ", " + NOW + " - 1000" + rest + range(BUSY, BUSY + 199),
                // "sprinkled": one due job at each of 9 to 6, 5,000 scheduled at 5, 200 due at 0
                insert + "'sprinkled', 9 - (g - " + SPRINKLED + "), 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW
                        + " - 1000" + rest + range(SPRINKLED, SPRINKLED + 3),
                insert + "'sprinkled', 5, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + TOMORROW + rest
                        + range(SPRINKLED + 1000, SPRINKLED + 5999),
                insert + "'sprinkled', 0, 'AVAILABLE', 0, 3, 60000, " + NOW + ", " + NOW + " - 1000" + rest
                        + range(SPRINKLED + 10_000, SPRINKLED + 10_199));
        TestDatabases.execute(pool, analyze(jobs).toArray(String[]::new));
    }

    @AfterAll
    void close() {
        pool.close();
    }

    @Test
    void dueJobsBelowAHigherPriorityScheduledBacklog_areClaimedWithoutReadingTheBacklog() throws SQLException {
        assertThat(claim(Set.of("mixed"), CLAIM))
                .extracting(ClaimedRow::id)
                .as("the %d earliest due jobs", CLAIM)
                .isEqualTo(ids(SCHEDULED + 1, SCHEDULED + CLAIM, 1));
        assertReadsAboutTheClaimedJobs("mixed", CLAIM);
    }

    @Test
    void aQueueWithOnlyScheduledJobs_claimsNothingWithoutReadingThem() throws SQLException {
        for (String queue : List.of("later", "distinct")) {
            assertThat(claim(Set.of(queue), CLAIM)).as(queue).isEmpty();
            assertReadsAlmostNothing(queue);
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

    /** Due jobs below many priorities of scheduled ones are found, in claim order, however the walk treats so many. */
    @Test
    void dueJobsBelowManyPrioritiesOfScheduledJobs_areClaimedInClaimOrder() throws SQLException {
        assertThat(claim(Set.of("many"), CLAIM))
                .extracting(ClaimedRow::id)
                .as("the due jobs of priority 25, 24 and 0")
                .containsExactly(MANY - 24, MANY - 25, MANY);
    }

    @Test
    void jobsDueAtManyPriorities_areClaimedInClaimOrder() throws SQLException {
        assertThat(claim(Set.of("tiers"), 30)).extracting(ClaimedRow::id).isEqualTo(ids(TIERS, TIERS + 29, 1));
    }

    /** Due jobs at several priorities above a scheduled backlog do not make a claim read the backlog. */
    @Test
    void dueJobsAtSeveralPrioritiesAboveAScheduledBacklog_areClaimedWithoutReadingIt() throws SQLException {
        List<Long> expected = new ArrayList<>(ids(SPRINKLED, SPRINKLED + 3, 1));
        expected.addAll(ids(SPRINKLED + 10_000, SPRINKLED + 10_000 + CLAIM - 5, 1));
        assertThat(claim(Set.of("sprinkled"), CLAIM)).extracting(ClaimedRow::id).isEqualTo(expected);
        assertReadsAboutTheClaimedJobs("sprinkled", CLAIM);
    }

    /**
     * What a claim of 50 on "busy" takes while another holds its first {@code held} due jobs of priority 1: the next 50
     * of that priority, where a lock reads on past held jobs (PostgreSQL, MySQL).
     */
    List<Long> claimedBesideHeld(int held) {
        return ids(BUSY + held, BUSY + held + 49, 1);
    }

    @Test
    void whileAnotherClaimHoldsTheFirstJobsOfAPriority_aClaimTakesNothingOfALowerOne() throws SQLException {
        assertClaimBesideHeld(50);
    }

    @Test
    void whileAnotherClaimHoldsSomeOfThemOnly_aClaimTakesNothingOfALowerOne() throws SQLException {
        assertClaimBesideHeld(30);
    }

    /** Claims {@code held} jobs of "busy" on one connection, then 50 on another; rolls both back. */
    private void assertClaimBesideHeld(int held) throws SQLException {
        try (Connection first = pool.getConnection();
                Connection second = pool.getConnection()) {
            try {
                assertThat(claimStatement().claim(first, Set.of("busy"), held, "worker-1", NOW, NOW + 30_000_000))
                        .extracting(ClaimedRow::id)
                        .isEqualTo(ids(BUSY, BUSY + held - 1, 1));
                assertThat(claimStatement().claim(second, Set.of("busy"), 50, "worker-2", NOW, NOW + 30_000_000))
                        .extracting(ClaimedRow::id)
                        .isEqualTo(claimedBesideHeld(held));
            } finally {
                first.rollback();
                second.rollback();
            }
        }
    }

    static List<Long> ids(long first, long last, int step) {
        return LongStream.iterate(first, id -> step > 0 ? id <= last : id >= last, id -> id + step)
                .boxed()
                .toList();
    }

    /** The claim as the backend runs it, rolled back. */
    List<ClaimedRow> claim(Set<String> queues, int max) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return claim(c, queues, max);
        }
    }

    /** The claim in {@code c}, rolled back. */
    List<ClaimedRow> claim(Connection c, Set<String> queues, int max) throws SQLException {
        try {
            return claimStatement().claim(c, queues, max, "worker-1", NOW, NOW + 30_000_000);
        } finally {
            c.rollback();
        }
    }
}
