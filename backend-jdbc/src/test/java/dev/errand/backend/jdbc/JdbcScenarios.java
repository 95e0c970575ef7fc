package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import dev.errand.testkit.NewJobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a JDBC backend can promise, run on every database: transactional enqueue with the
 * caller's own table, durability across backend instances, retention, unique keys under
 * concurrency, and the error history.
 */
abstract class JdbcScenarios {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    protected SettableClock clock;
    protected JdbcBackend backend;

    /** The database under test, shared by the class. */
    abstract SharedStore store();

    /** DDL of the application's own table {@code shop_orders(id INT PRIMARY KEY, item VARCHAR(100))}. */
    String ordersDdl() {
        return "CREATE TABLE IF NOT EXISTS shop_orders (id INT PRIMARY KEY, item VARCHAR(100))";
    }

    @BeforeEach
    void open() {
        clock = new SettableClock(T0);
        backend = (JdbcBackend) store().newBackend(new BackendContext(ErrandConfig.empty(), clock));
        TestDatabases.execute(store().pool, ordersDdl(), "DELETE FROM shop_orders");
    }

    @AfterEach
    void close() {
        backend.close();
    }

    NewJobs job() {
        return NewJobs.at(clock.instant());
    }

    @Test
    void transactionalEnqueue_commitsWithTheCallersData_andTheJobRuns() throws Exception {
        JobId id;
        try (Connection c = store().pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c, 1, "book");
            id = backend.enqueue(
                            c, List.of(job().name("Shop.ship").payload("[1]").build()))
                    .get(0)
                    .id();

            assertThat(backend.find(id))
                    .as("invisible before the caller commits")
                    .isEmpty();
            assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).isEmpty();
            assertThat(c.getAutoCommit()).isFalse();
            c.commit();
        }

        assertThat(orders()).containsExactly("book");
        ClaimedJob claimed = backend.claim(Set.of("q"), 10, "w", LEASE).get(0);
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(backend.complete(claimed.lease(), null)).isTrue();
        assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void transactionalEnqueue_rollsBackWithTheCallersData_leavingNoJob() throws Exception {
        JobId id;
        try (Connection c = store().pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c, 2, "lamp");
            id = backend.enqueue(
                            c,
                            List.of(job().name("Shop.ship").uniqueKey("order-2").build()))
                    .get(0)
                    .id();
            c.rollback();
        }

        assertThat(orders()).isEmpty();
        assertThat(backend.find(id)).isEmpty();
        assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).isEmpty();
        EnqueueResult again = backend.enqueue(
                        List.of(job().name("Shop.ship").uniqueKey("order-2").build()))
                .get(0);
        assertThat(again.duplicate())
                .as("the rolled-back job held no unique key")
                .isFalse();
    }

    @Test
    void jobs_surviveTheBackend_andRunOnTheNextOne() {
        JobId waiting = backend.enqueue(List.of(job().payload("[\"kept\"]").build()))
                .get(0)
                .id();
        JobId scheduled = backend.enqueue(
                        List.of(job().runAt(T0.plusSeconds(60)).build()))
                .get(0)
                .id();
        backend.close();

        backend = new JdbcBackend(store().settings, store().pool, clock);

        assertThat(backend.find(waiting).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(backend.find(scheduled).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        ClaimedJob c = backend.claim(Set.of("q"), 10, "w", LEASE).get(0);
        assertThat(new String(c.payload())).isEqualTo("[\"kept\"]");
    }

    @Test
    void retention_deletesFinishedJobs_withTheirErrorsAndResults_succeededAfterADay_deadAndCancelledAfterAWeek() {
        JobId done = backend.enqueue(List.of(job().build())).get(0).id();
        JobId dead =
                backend.enqueue(List.of(job().maxAttempts(1).build())).get(0).id();
        JobId cancelled = backend.enqueue(List.of(job().build())).get(0).id();
        assertThat(backend.cancel(cancelled)).isTrue();
        JobId waiting = backend.enqueue(
                        List.of(job().runAt(T0.plus(Duration.ofDays(30))).build()))
                .get(0)
                .id();
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 10, "w", LEASE);
        backend.complete(claimed.get(0).lease(), "42".getBytes());
        backend.fail(claimed.get(1).lease(), new JobError(1, clock.instant(), "E", "boom", "trace"), null);

        clock.advance(Duration.ofHours(23));
        backend.pruneForTests();
        assertThat(backend.find(done)).as("succeeded, 23 h ago").isPresent();

        clock.advance(Duration.ofHours(2));
        backend.pruneForTests();
        assertThat(backend.find(done)).as("succeeded, 25 h ago").isEmpty();
        assertThat(backend.find(dead)).as("dead, 25 h ago").isPresent();
        assertThat(count("SELECT COUNT(*) FROM " + store().settings.tables().prefix() + "job_results"))
                .isZero();

        clock.advance(Duration.ofDays(6));
        backend.pruneForTests();
        assertThat(backend.find(dead)).as("dead, 7 d 1 h ago").isEmpty();
        assertThat(backend.find(cancelled)).as("cancelled, 7 d 1 h ago").isEmpty();
        assertThat(backend.find(waiting).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(count("SELECT COUNT(*) FROM " + store().settings.tables().prefix() + "job_errors"))
                .isZero();
    }

    /**
     * Far more expired jobs than one DELETE takes go in the pass that one lease-maintenance call starts (before,
     * each call deleted at most 1,000, so a busy table grew without bound); recent and unfinished jobs stay.
     */
    @Test
    void retention_onePass_deletesEveryExpiredJob_farBeyondOneBatch_andKeepsRecentAndUnfinished() throws Exception {
        int old = 12_000;
        finishAll(old, true);
        finishAll(Retention.BATCH + 500, false); // dead, kept for the failed retention
        clock.advance(Duration.ofHours(20));
        finishAll(300, true);
        JobId waiting = backend.enqueue(
                        List.of(job().runAt(T0.plus(Duration.ofDays(30))).build()))
                .get(0)
                .id();
        clock.advance(Duration.ofHours(5));

        backend.pruneFinished(); // starts a pass on the retention thread, as the maintenance holder does
        await("the retention pass deletes every succeeded job but the 300 of 5 h ago")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> countState("SUCCEEDED") <= 300);
        assertThat(countState("SUCCEEDED"))
                .as("succeeded jobs left: the 300 of 5 h ago")
                .isEqualTo(300);
        backend.pruneForTests();
        assertThat(countState("SUCCEEDED")).isEqualTo(300);
        assertThat(countState("DEAD")).as("dead jobs are kept a week").isEqualTo(Retention.BATCH + 500);
        assertThat(count("SELECT COUNT(*) FROM " + store().settings.tables().prefix() + "job_results"))
                .isEqualTo(300);
        assertThat(backend.find(waiting)).isPresent();

        clock.advance(Duration.ofDays(7));
        Retention.Pass pass = backend.pruneForTests();
        assertThat(pass.deleted())
                .containsEntry(JobState.DEAD, Retention.BATCH + 500)
                .containsEntry(JobState.SUCCEEDED, 300);
        assertThat(pass.backlog()).isFalse();
        assertThat(count("SELECT COUNT(*) FROM " + store().settings.tables().prefix() + "job_errors"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM " + store().settings.tables().jobs()))
                .as("only the waiting job")
                .isEqualTo(1);
    }

    /** Enqueues, claims and finishes {@code n} jobs now: succeeded with a result, or dead with an error. */
    private void finishAll(int n, boolean succeed) {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(1_000, n - done);
            List<NewJob> jobs = new ArrayList<>(chunk);
            for (int i = 0; i < chunk; i++) {
                jobs.add(job().maxAttempts(1).build());
            }
            backend.enqueue(jobs);
            List<ClaimedJob> claimed = backend.claim(Set.of("q"), chunk, "w", LEASE);
            assertThat(claimed).hasSize(chunk);
            if (succeed) {
                backend.completeAll(claimed.stream()
                        .map(c -> new Completion(c.lease(), "1".getBytes()))
                        .toList());
            } else {
                claimed.forEach(
                        c -> backend.fail(c.lease(), new JobError(1, clock.instant(), "E", "boom", "trace"), null));
            }
            done += chunk;
        }
    }

    private long countState(String state) {
        return count("SELECT COUNT(*) FROM " + store().settings.tables().jobs() + " WHERE state = '" + state + "'");
    }

    @Test
    void uniqueKey_underConcurrentProducers_storesExactlyOneJob() throws Exception {
        int producers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<EnqueueResult>> results = new ArrayList<>();
            for (int i = 0; i < producers; i++) {
                Callable<EnqueueResult> enqueue = () -> {
                    start.await();
                    return backend.enqueue(List.of(job().name("Shop.sync")
                                    .uniqueKey("account-7")
                                    .build()))
                            .get(0);
                };
                results.add(pool.submit(enqueue));
            }
            start.countDown();
            Set<JobId> ids = new HashSet<>();
            int fresh = 0;
            for (Future<EnqueueResult> f : results) {
                EnqueueResult r = f.get(60, TimeUnit.SECONDS);
                ids.add(r.id());
                fresh += r.duplicate() ? 0 : 1;
            }
            assertThat(fresh).isEqualTo(1);
            assertThat(ids).hasSize(1);
            assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claim_acrossQueues_takesTheBestJobsOfAll_andLeavesTheRestClaimable() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(job().queue("a").priority(i).build());
            jobs.add(job().queue("b").priority(10 + i).build());
        }
        backend.enqueue(jobs);

        List<ClaimedJob> best = backend.claim(Set.of("a", "b"), 6, "w", LEASE);

        assertThat(best).extracting(ClaimedJob::priority).containsExactly(14, 13, 12, 11, 10, 4);
        assertThat(backend.claim(Set.of("a", "b"), 10, "w", LEASE))
                .extracting(ClaimedJob::priority)
                .containsExactly(3, 2, 1, 0);
    }

    @Test
    void errorHistory_keepsEveryAttempt_andCutsHugeStackTraces() {
        JobId id = backend.enqueue(List.of(job().maxAttempts(2).build())).get(0).id();
        ClaimedJob first = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        String huge = "at x.Y.z(Y.java:1)\n".repeat(10_000);
        backend.fail(
                first.lease(),
                new JobError(1, clock.instant(), "java.io.IOException", "disk full", huge),
                clock.instant());
        ClaimedJob second = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        backend.fail(
                second.lease(), new JobError(2, clock.instant(), "java.io.IOException", "still full", "short"), null);

        JobInfo info = backend.find(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors())
                .extracting(JobError::attempt, JobError::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "disk full"),
                        org.assertj.core.groups.Tuple.tuple(2, "still full"));
        assertThat(info.errors().get(0).stackTrace())
                .hasSizeLessThanOrEqualTo(RunningJobs.MAX_STACK)
                .startsWith("at x.Y.z(Y.java:1)")
                .endsWith("more characters cut by errand-backend-jdbc)");
    }

    /**
     * The statements over several leases take the rows in id order, not in the order given: what each lease reports
     * still comes back in the order given, held and lost ones mixed.
     */
    @Test
    void leasesGivenOutOfIdOrder_areReportedInTheOrderGiven_heldAndLostMixed() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(job().build());
        }
        backend.enqueue(jobs);
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 6, "w", LEASE);
        backend.complete(claimed.get(0).lease(), null); // lost for the calls below
        backend.complete(claimed.get(4).lease(), null);
        List<ClaimedJob> given =
                List.of(claimed.get(5), claimed.get(1), claimed.get(3), claimed.get(0), claimed.get(4), claimed.get(2));

        assertThat(backend.renew(given.stream().map(ClaimedJob::lease).toList(), LEASE))
                .containsExactlyInAnyOrder(claimed.get(0).id(), claimed.get(4).id());
        assertThat(backend.completeAll(given.stream()
                        .map(job -> new Completion(job.lease(), null))
                        .toList()))
                .containsExactly(true, true, true, false, false, true); // in id order it would be f, t, t, t, f, t
    }

    @Test
    void renew_ofManyLeases_reportsOnlyTheLostOnes() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            jobs.add(job().build());
        }
        backend.enqueue(jobs);
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 50, "w", LEASE);
        backend.complete(claimed.get(7).lease(), null);

        Set<JobId> lost = backend.renew(claimed.stream().map(ClaimedJob::lease).toList(), LEASE);

        assertThat(lost).containsExactly(claimed.get(7).id());
    }

    private static void insertOrder(Connection c, int id, String item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shop_orders (id, item) VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, item);
            ps.executeUpdate();
        }
    }

    private List<String> orders() throws SQLException {
        List<String> items = new ArrayList<>();
        try (Connection c = store().pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT item FROM shop_orders ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                items.add(rs.getString(1));
            }
            c.commit();
        }
        return items;
    }

    private long count(String sql) {
        try (Connection c = store().pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
