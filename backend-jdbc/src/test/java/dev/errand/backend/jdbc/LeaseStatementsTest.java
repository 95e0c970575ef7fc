package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.LeaseKey;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's renewal and completion of many leases, with statistics taken while no job ran (as they often are): both
 * the plan made with the leases and the generic plan PostgreSQL caches for a statement (from its tenth call on a
 * connection) find each lease's job by key. Checking the state against a literal, the cached plan read every running
 * job once per lease. Also the fence when a lease is lost while the statement waits for its job, and two leases of
 * one attempt. Asserts plans and states, never timing.
 */
class LeaseStatementsTest {
    private static final int RUNNING = 1_000;

    private static JdbcSettings settings;
    private static HikariDataSource pool;
    private static PostgresDialect dialect;
    private static String jobs;

    @BeforeAll
    static void fillAndAnalyzeWhileNothingRuns() {
        settings = TestDatabases.postgres("lease_statements");
        pool = TestDatabases.poolWithSchema(settings);
        dialect = new PostgresDialect(settings.tables());
        jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                TestDatabases.insertJobs(jobs, 20000, "SUCCEEDED", 1, true),
                "ANALYZE " + jobs,
                // the schema has autovacuum analyze the table after about 1,200 changes; the tests change more
                "ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)");
    }

    @BeforeEach
    void leaseTheNewestJobsWithoutAnalyzing() {
        TestDatabases.execute(
                pool,
                "UPDATE " + jobs + " SET state = 'SUCCEEDED', lease_owner = NULL, lease_expires_at = NULL,"
                        + " finished_at = 1 WHERE state <> 'SUCCEEDED'",
                "UPDATE " + jobs + " SET state = 'RUNNING', attempt = 1, lease_owner = 'w1', lease_expires_at = 5,"
                        + " finished_at = NULL WHERE id > " + (20000 - RUNNING));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void completionAndRenewal_findEachLeasesJobByKey_whateverPlanPostgresCaches() throws SQLException {
        for (int count : new int[] {30, RUNNING}) {
            List<String> ids = LongStream.rangeClosed(20000 - count + 1, 20000)
                    .mapToObj(Long::toString)
                    .toList();
            String args = "9, " + arrayLiteral(ids) + ", " + arrayLiteral(java.util.Collections.nCopies(count, "w1"))
                    + ", " + arrayLiteral(java.util.Collections.nCopies(count, "1"));
            for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                for (String sql : List.of(
                        dialect.completeAll().statements().get(0),
                        dialect.renew().statements().get(0))) {
                    String plan =
                            TestDatabases.explainPrepared(pool, sql, "bigint, bigint[], text[], int[]", args, mode);
                    assertThat(plan)
                            .as(mode + ", " + count + " leases:\n" + plan)
                            .contains("Index Scan using " + jobs + "_pkey")
                            .doesNotContain(jobs + "_leases")
                            .doesNotContain("Seq Scan on " + jobs);
                }
            }
        }
    }

    private static String arrayLiteral(List<String> values) {
        return "'{" + String.join(",", values) + "}'";
    }

    @Test
    void completion_ofALeaseLostWhileItWaitsForTheRow_changesNothing() throws Exception {
        long lost = 20000;
        long kept = 19999;
        // Another worker's attempt takes over the job (its lease expired, was rescued and claimed again).
        boolean[] held = completeWhileAnotherTransactionHolds(
                lost, "SET lease_owner = 'w2', attempt = 2", new LeaseKey(kept, "w1", 1), new LeaseKey(lost, "w1", 1));
        assertThat(held).containsExactly(true, false);
        assertThat(stateOwnerAttempt(kept)).isEqualTo("SUCCEEDED null 1");
        assertThat(stateOwnerAttempt(lost)).isEqualTo("RUNNING w2 2");
    }

    @Test
    void completion_ofALeaseKeptWhileItWaitsForTheRow_recordsIt() throws Exception {
        long job = 20000;
        // A client starts waiting for the job's outcome: the row changes, the lease does not. The re-check of the
        // changed row must see it still RUNNING under this lease.
        boolean[] held = completeWhileAnotherTransactionHolds(job, "SET awaited = true", new LeaseKey(job, "w1", 1));
        assertThat(held).containsExactly(true);
        assertThat(stateOwnerAttempt(job)).isEqualTo("SUCCEEDED null 1");
    }

    /**
     * Completes {@code leases} while another transaction has updated job {@code id} ({@code set}) and not yet
     * committed: the completion waits for that row's lock (checked in {@code pg_stat_activity}), then the other
     * transaction commits. Returns the completion's held flags.
     */
    private static boolean[] completeWhileAnotherTransactionHolds(long id, String set, LeaseKey... leases)
            throws Exception {
        try (Connection other = pool.getConnection()) {
            try (Statement s = other.createStatement()) {
                s.executeUpdate("UPDATE " + jobs + " " + set + " WHERE id = " + id);
            }
            CompletableFuture<boolean[]> completion = CompletableFuture.supplyAsync(() -> {
                try (Connection c = pool.getConnection()) {
                    boolean[] held = dialect.completeAll().completeAll(c, 7, List.of(leases));
                    c.commit();
                    return held;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitALockWait();
            other.commit();
            return completion.get(30, TimeUnit.SECONDS);
        }
    }

    /** Until a session of this database waits for a lock; fails after 10 s. */
    private static void awaitALockWait() {
        await("the completion waits for the other transaction's row lock")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    try (Connection c = pool.getConnection();
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                        rs.next();
                        return rs.getInt(1) > 0;
                    }
                });
    }

    @Test
    void completion_ofTwoLeasesOfOneAttempt_holdsForTheOwnerOnly_inEitherOrder() throws SQLException {
        try (Connection c = pool.getConnection()) {
            assertThat(dialect.completeAll()
                            .completeAll(c, 7, List.of(new LeaseKey(19001, "other", 1), new LeaseKey(19001, "w1", 1))))
                    .containsExactly(false, true);
            assertThat(dialect.completeAll()
                            .completeAll(c, 7, List.of(new LeaseKey(19002, "w1", 1), new LeaseKey(19002, "other", 1))))
                    .containsExactly(true, false);
            assertThat(dialect.completeAll()
                            .completeAll(c, 7, List.of(new LeaseKey(19003, "w1", 1), new LeaseKey(19003, "w1", 1))))
                    .containsExactly(true, true);
            c.commit();
        }
        assertThat(stateOwnerAttempt(19001)).isEqualTo("SUCCEEDED null 1");
        assertThat(stateOwnerAttempt(19002)).isEqualTo("SUCCEEDED null 1");
    }

    private static String stateOwnerAttempt(long id) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT state, lease_owner, attempt FROM " + jobs + " WHERE id = " + id)) {
            rs.next();
            return rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3);
        }
    }
}
