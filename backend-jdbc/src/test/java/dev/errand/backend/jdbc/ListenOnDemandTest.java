package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.NewJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process opens its PostgreSQL LISTEN session the first time it waits, for work or for an outcome. One that only
 * enqueues keeps none, so the NOTIFY of each enqueue does not wake a session and a thread in every producer. Polls are
 * five minutes apart here: a waiter that learns of a change within seconds heard it announced.
 */
class ListenOnDemandTest {
    private static final String QUEUE = "listen";
    private static final Set<String> QUEUES = Set.of(QUEUE);

    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void schema() {
        settings = TestDatabases.postgres("listen_on_demand", JdbcSettings.POLL_INTERVAL, "5m");
        pool = TestDatabases.poolWithSchema(settings);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void empty() {
        TestDatabases.empty(pool, settings);
    }

    @Test
    void aProcessThatOnlyEnqueues_keepsNoListenSession() {
        try (JdbcBackend producer = backend()) {
            producer.enqueue(jobs(1));
            producer.enqueue(jobs(150)); // a copy
            producer.enqueue(jobs(20)); // arrays

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(producer.listeningSinceForTests()).isZero();
                assertThat(listenSessions()).isZero();
            });
        }
    }

    @Test
    void aWorker_listensFromItsFirstWait_andAnotherProcessesEnqueueWakesIt() throws Exception {
        try (JdbcBackend worker = backend();
                JdbcBackend producer = backend()) {
            assertThat(worker.listeningSinceForTests()).isZero();
            worker.awaitWork(QUEUES, Duration.ofMillis(1));
            await("the worker's backend listens")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> worker.listeningSinceForTests() > 0);

            CompletableFuture<ClaimedJob> claimed = new CompletableFuture<>();
            Thread fetcher = new Thread(() -> {
                try {
                    List<ClaimedJob> found;
                    // Each wait lasts a minute unless a notification ends it; a wake-up with nothing due waits again.
                    while ((found = worker.claim(QUEUES, 1, "w", Duration.ofMinutes(1))).isEmpty()) {
                        worker.awaitWork(QUEUES, Duration.ofMinutes(1));
                    }
                    claimed.complete(found.get(0));
                } catch (InterruptedException | RuntimeException e) {
                    claimed.completeExceptionally(e);
                }
            });
            fetcher.setDaemon(true);
            fetcher.start();
            await("the fetcher waits")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> fetcher.getState() == Thread.State.TIMED_WAITING);

            JobId id = producer.enqueue(jobs(1)).get(0).id();

            assertThat(claimed.get(20, TimeUnit.SECONDS).id()).isEqualTo(id);
            assertThat(producer.listeningSinceForTests())
                    .as("the producer's backend")
                    .isZero();
        }
    }

    @Test
    void aCallerAwaitingAnOutcome_listens_andHearsItsJobEnd() throws Exception {
        try (JdbcBackend caller = backend();
                JdbcBackend worker = backend()) {
            JobId id = caller.submit(jobs(1)).get(0).id();
            CompletableFuture<Outcome> outcome = caller.outcome(id);
            await("the caller's backend listens")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> caller.listeningSinceForTests() > 0);
            assertThat(outcome).isNotDone();

            finishOne(worker);

            assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(worker.listeningSinceForTests())
                    .as("a worker's backend that never waited")
                    .isZero();
        }
    }

    /** Asking for the outcome of a job that already finished (a dashboard's job page) waits for nothing. */
    @Test
    void askingForTheOutcomeOfAFinishedJob_opensNoListenSession() throws Exception {
        try (JdbcBackend caller = backend();
                JdbcBackend worker = backend()) {
            JobId id = worker.enqueue(jobs(1)).get(0).id();
            finishOne(worker);

            assertThat(caller.outcome(id).get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> assertThat(caller.listeningSinceForTests()).isZero());
        }
    }

    /**
     * The caller's session opens only after its job's end was announced, to nobody: when the session opens, the
     * backend looks again, so the caller learns of the end without waiting for the five-minute poll.
     */
    @Test
    void anEndAnnouncedBeforeTheSessionListened_isFoundWhenTheSessionOpens() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        try (JdbcBackend caller = new JdbcBackend(settings, listenerWaitsFor(open), Clock.systemUTC());
                JdbcBackend worker = backend()) {
            JobId id = worker.enqueue(jobs(1)).get(0).id();
            CompletableFuture<Outcome> outcome = caller.outcome(id); // its session waits for the latch
            finishOne(worker);

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(outcome).isNotDone();
                assertThat(caller.listeningSinceForTests()).isZero();
            });
            open.countDown();

            assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    /** The test pool, except that the listener's thread gets no connection until {@code open} is counted down. */
    private static DataSource listenerWaitsFor(CountDownLatch open) {
        return TestProxies.proxy(DataSource.class, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")
                    && Thread.currentThread().getName().startsWith("errand-jdbc-listen-")) {
                open.await();
            }
            return TestProxies.invoke(pool, method, args);
        });
    }

    /** Claims the one waiting job and records it done, as another process's worker would. */
    private static void finishOne(JdbcBackend worker) {
        ClaimedJob job = worker.claim(QUEUES, 1, "w", Duration.ofMinutes(1)).get(0);
        assertThat(worker.complete(job.lease(), null)).isTrue();
    }

    private static JdbcBackend backend() {
        return new JdbcBackend(settings, pool, Clock.systemUTC());
    }

    private static List<NewJob> jobs(int n) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(NewJobs.at(Instant.now()).queue(QUEUE).build());
        }
        return jobs;
    }

    /** Sessions on this test's database whose last statement was a LISTEN. */
    private static int listenSessions() {
        return Integer.parseInt(TestDatabases.firstValue(
                pool,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query ~ '^\\s*LISTEN' AND pid <> pg_backend_pid()"));
    }
}
