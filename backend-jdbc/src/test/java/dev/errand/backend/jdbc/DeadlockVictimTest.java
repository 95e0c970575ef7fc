package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A write over several jobs takes their rows in id order, and one that the database rolls back to break a deadlock is
 * run again, not reported as a failure: the hand-back of unstarted jobs at a graceful stop, a batch of completions, a
 * lease renewal, and an operator's retry of every dead job. Each case builds a real deadlock: the test's own
 * transaction holds the higher id's row, the backend's write takes the lower and waits for the higher, then the test
 * asks for the lower. The database picks the backend's write as the victim (PostgreSQL: the first of the two to wait;
 * H2: the younger transaction; MariaDB: the one that changed fewer rows, so the test's transaction first writes some
 * rows of its own), and the test checks that it did. Each case fails if the write is not run again or takes the rows in another order.
 */
class DeadlockVictimTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Cases {
        OnPostgres() {
            super(
                    TestDatabases.postgres("deadlocks"),
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock'",
                    "ANALYZE ");
        }

        @Test
        void anEnqueueOfUniqueKeysRolledBackByADeadlock_runsAgain_andFindsBothKeysTaken() throws Exception {
            super.anEnqueueOfUniqueKeysRolledBackByADeadlock_runsAgain_andFindsBothKeysTaken();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnMariaDb extends Cases {
        OnMariaDb() {
            super(
                    TestDatabases.settings(
                            MariaDbServer.shared().newDatabase("deadlocks", ""), MariaDbServer.USER, null),
                    "SELECT count(*) FROM information_schema.INNODB_TRX t"
                            + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                            + " WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()",
                    "ANALYZE TABLE ");
        }

        @Test
        void anEnqueueOfUniqueKeysRolledBackByADeadlock_runsAgain_andFindsBothKeysTaken() throws Exception {
            super.anEnqueueOfUniqueKeysRolledBackByADeadlock_runsAgain_andFindsBothKeysTaken();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Cases {
        OnH2() {
            super(
                    TestDatabases.settings("jdbc:h2:mem:deadlocks", null, null),
                    "SELECT count(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL",
                    "ANALYZE TABLE ");
        }
    }

    abstract static class Cases {
        /**
         * Jobs on another queue in every case: with a few thousand rows (and statistics that know it) PostgreSQL
         * takes the leases' rows in the order of its arrays, as on a real queue, not in the table's order.
         */
        private static final int FILLER = 3000;

        private final String lockWaits;
        private final String analyze;
        private final SharedStore store;
        private final String jobs;
        private final SettableClock clock = new SettableClock(T0);
        private JdbcBackend backend;

        Cases(JdbcSettings settings, String lockWaits, String analyze) {
            this.lockWaits = lockWaits;
            this.analyze = analyze;
            this.store = new SharedStore(settings);
            this.jobs = settings.tables().jobs();
        }

        @BeforeAll
        void createBallast() {
            TestDatabases.execute(
                    store.pool,
                    "CREATE TABLE IF NOT EXISTS deadlock_ballast (id INT PRIMARY KEY)",
                    "DELETE FROM deadlock_ballast");
        }

        @BeforeEach
        void openBackendOnAFilledTable() {
            backend = (JdbcBackend) store.newBackend(new BackendContext(ErrandConfig.empty(), clock));
            List<NewJob> filler = new ArrayList<>();
            for (int i = 0; i < FILLER; i++) {
                filler.add(NewJobs.at(T0).queue("filler").build());
            }
            backend.enqueue(filler);
            TestDatabases.execute(store.pool, analyze + jobs);
        }

        @AfterEach
        void closeBackend() {
            backend.close();
        }

        @AfterAll
        void close() {
            store.close();
        }

        @Test
        void aHandBackRolledBackByADeadlock_runsAgain_andHandsEveryJobBack() throws Exception {
            List<ClaimedJob> claimed = claimTwo();

            inDeadlockWith(claimed, () -> backend.release(leasesHigherIdFirst(claimed)));

            assertThat(states(claimed)).containsOnly(JobState.AVAILABLE);
        }

        @Test
        void completionsRolledBackByADeadlock_runAgain_andRecordEverySuccess() throws Exception {
            List<ClaimedJob> claimed = claimTwo();

            List<Boolean> held = new ArrayList<>();
            inDeadlockWith(
                    claimed,
                    () -> held.addAll(backend.completeAll(leasesHigherIdFirst(claimed).stream()
                            .map(lease -> new Completion(lease, null))
                            .toList())));

            assertThat(held).containsExactly(true, true);
            assertThat(states(claimed)).containsOnly(JobState.SUCCEEDED);
        }

        /**
         * Unique keys: the test's transaction enqueues a job with key k2 and does not commit; a batch of k1 and k2
         * stores k1 and waits to learn whether k2 is taken; the test's transaction then enqueues k1, which closes the
         * cycle. The batch, run again once the test's transaction committed, finds both keys taken. (Not on H2: its
         * batch does not wait for the uncommitted key's transaction but fails once H2's lock timeout passes.)
         */
        void anEnqueueOfUniqueKeysRolledBackByADeadlock_runsAgain_andFindsBothKeysTaken() throws Exception {
            List<EnqueueResult> batch = new ArrayList<>();
            List<JobId> committed = new ArrayList<>();
            try (Connection test = store.pool.getConnection();
                    Statement s = test.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    s.executeUpdate("INSERT INTO deadlock_ballast (id) VALUES (" + i + ")");
                }
                committed.add(backend.enqueue(test, List.of(keyed("k2"))).get(0).id());
                CompletableFuture<Void> written = CompletableFuture.runAsync(
                        () -> batch.addAll(backend.enqueue(List.of(keyed("k1"), keyed("k2")))));
                awaitALockWait();
                closeTheCycle(() -> {
                    committed.add(
                            0,
                            backend.enqueue(test, List.of(keyed("k1"))).get(0).id());
                    return null;
                });
                s.execute("DELETE FROM deadlock_ballast");
                test.commit();
                written.get(30, TimeUnit.SECONDS);
            }

            assertThat(batch)
                    .containsExactly(
                            new EnqueueResult(committed.get(0), true), new EnqueueResult(committed.get(1), true));
        }

        private static NewJob keyed(String key) {
            return NewJobs.at(T0).name("Shop.sync").uniqueKey(key).build();
        }

        @Test
        void aLeaseRenewalRolledBackByADeadlock_runsAgain_andKeepsEveryLease() throws Exception {
            List<ClaimedJob> claimed = claimTwo();

            List<JobId> lost = new ArrayList<>();
            inDeadlockWith(claimed, () -> lost.addAll(backend.renew(leasesHigherIdFirst(claimed), LEASE)));

            assertThat(lost).isEmpty();
            assertThat(backend.completeAll(claimed.stream()
                            .map(job -> new Completion(job.lease(), null))
                            .toList()))
                    .containsExactly(true, true);
        }

        @Test
        void anOperatorsRetryOfDeadJobsRolledBackByADeadlock_runsAgain_andRetriesEveryOne() throws Exception {
            List<ClaimedJob> claimed = claimTwo();
            for (ClaimedJob job : claimed) {
                backend.fail(job.lease(), new JobError(1, T0, "java.io.IOException", "disk full", "at x"), null);
            }
            assertThat(states(claimed)).containsOnly(JobState.DEAD);

            int[] retried = new int[1];
            inDeadlockWith(claimed, () -> retried[0] = backend.retryDead(Optional.empty(), Optional.empty()));

            assertThat(retried[0]).isEqualTo(2);
            assertThat(states(claimed)).containsOnly(JobState.AVAILABLE);
        }

        private List<ClaimedJob> claimTwo() {
            backend.enqueue(List.of(
                    NewJobs.at(T0).maxAttempts(1).build(),
                    NewJobs.at(T0).maxAttempts(1).build()));
            List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
            assertThat(claimed).hasSize(2);
            return claimed.stream()
                    .sorted(Comparator.comparingLong(
                            job -> Long.parseLong(job.id().value())))
                    .toList();
        }

        /** The leases of two jobs sorted by id, in the other order: the write has to put them in order itself. */
        private static List<Lease> leasesHigherIdFirst(List<ClaimedJob> byId) {
            return List.of(byId.get(1).lease(), byId.get(0).lease());
        }

        private List<JobState> states(List<ClaimedJob> claimed) {
            return claimed.stream()
                    .map(job -> backend.find(job.id()).orElseThrow().state())
                    .toList();
        }

        /**
         * Runs {@code write} on the two jobs (sorted by id) while the test's transaction holds the higher id's row.
         * Checks that the write took the lower id's row first and waits for the other; then the test's transaction
         * asks for the lower id's row, which closes the cycle, and checks that the database rolled back the write,
         * not the test's transaction.
         */
        private void inDeadlockWith(List<ClaimedJob> byId, Runnable write) throws Exception {
            String lower = byId.get(0).id().value();
            String higher = byId.get(1).id().value();
            try (Connection test = store.pool.getConnection();
                    Statement s = test.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    s.executeUpdate("INSERT INTO deadlock_ballast (id) VALUES (" + i + ")");
                }
                s.executeUpdate("UPDATE " + jobs + " SET priority = priority + 1 WHERE id = " + higher);
                CompletableFuture<Void> written = CompletableFuture.runAsync(write);
                awaitALockWait();
                assertThat(lockedByAnother(lower))
                        .as("the write took job %s (the lower id) before it waited for job %s", lower, higher)
                        .isTrue();
                closeTheCycle(
                        () -> s.executeUpdate("UPDATE " + jobs + " SET priority = priority + 1 WHERE id = " + lower));
                s.execute("DELETE FROM deadlock_ballast");
                test.commit();
                written.get(30, TimeUnit.SECONDS);
            }
        }

        /**
         * The test transaction's step that closes the cycle; fails the case if the database rolled back the test's
         * transaction instead of the backend's write, as the case then checks nothing.
         */
        private static void closeTheCycle(Callable<?> step) {
            try {
                step.call();
            } catch (Exception e) {
                throw new AssertionError(
                        "the database rolled back the test's transaction to break the deadlock, not the backend's"
                                + " write: this case then checks nothing",
                        e);
            }
        }

        /** True when another transaction holds job {@code id}'s row: a locking read that skips it finds nothing. */
        private boolean lockedByAnother(String id) throws SQLException {
            try (Connection c = store.pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT id FROM " + jobs + " WHERE id = " + id + " FOR UPDATE SKIP LOCKED")) {
                boolean free = rs.next();
                c.rollback();
                return !free;
            }
        }

        private void awaitALockWait() {
            await("the backend's write waits for the row the test holds")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> Integer.parseInt(TestDatabases.firstValue(store.pool, lockWaits)) > 0);
        }
    }
}
