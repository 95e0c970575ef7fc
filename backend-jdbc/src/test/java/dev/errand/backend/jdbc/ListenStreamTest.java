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
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * While enqueues commit more often than once a millisecond, pgjdbc hands on none of the notifications its LISTEN
 * session reads until the stream pauses. So a listening worker does not wait for them alone right after it found jobs
 * ({@link JdbcBackend#STREAM_WINDOW}), and waiters poll while the listener's read outlasts its time-out
 * ({@link PgListener#holdingBack()}). Here either the insert trigger is disabled (no wake-up comes) or the listener's
 * read never returns (every wake-up is held back), and polls are five minutes apart, so a waiter that learns of its
 * job within seconds looked by itself.
 */
class ListenStreamTest {
    private static final String QUEUE = "stream";
    private static final Set<String> QUEUES = Set.of(QUEUE);
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void schema() {
        settings = TestDatabases.postgres("listen_stream", JdbcSettings.POLL_INTERVAL, "5m");
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

    @AfterEach
    void announceInsertsAgain() {
        TestDatabases.execute(
                pool, settings.tables().expand("ALTER TABLE {prefix}jobs ENABLE TRIGGER {prefix}jobs_inserted"));
    }

    /**
     * The second enqueue must commit within the window after the find. On a machine too slow for that the attempt
     * cannot tell, and runs again (at most three times); the last one asserts whatever happened.
     */
    @Test
    void aWorkerThatJustFoundJobs_looksAgainWithoutANotification() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (JdbcBackend worker = listening();
                    JdbcBackend producer = backend()) {
                producer.enqueue(jobs());
                silenceInserts();

                CompletableFuture<ClaimedJob> next = fetchSecondJob(worker);
                JobId id = producer.enqueue(jobs()).get(0).id();
                if (!worker.withinStreamWindow() && attempt < 3) {
                    worker.wakeUp(); // let the fetcher end before the backend closes
                    next.get(20, TimeUnit.SECONDS);
                    announceInsertsAgain();
                    empty();
                    continue;
                }

                assertThat(next.get(20, TimeUnit.SECONDS).id()).isEqualTo(id);
                return;
            }
        }
    }

    /** The other side: polling stops a while after the last find, and the listener alone wakes an idle worker. */
    @Test
    void aWorkerThatFoundNothingForAWhile_waitsForANotification() throws Exception {
        try (JdbcBackend worker = listening();
                JdbcBackend producer = backend()) {
            producer.enqueue(jobs());
            assertThat(worker.claim(QUEUES, 1, "w", LEASE)).hasSize(1);
            silenceInserts();
            await("the stream window closes").atMost(Duration.ofSeconds(30)).until(() -> !worker.withinStreamWindow());

            CompletableFuture<ClaimedJob> next = fetch(worker);
            producer.enqueue(jobs());

            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(next).isNotDone());
            worker.wakeUp(); // let the fetcher end before the backend closes
            assertThat(next.get(20, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void anIdleWorker_pollsWhileTheListenerHoldsNotificationsBack() throws Exception {
        CountDownLatch streamEnds = new CountDownLatch(1);
        JdbcBackend worker = listening(new JdbcBackend(settings, listenerReadsUntil(streamEnds), Clock.systemUTC()));
        try (JdbcBackend producer = backend()) {
            CompletableFuture<ClaimedJob> next = fetch(worker);
            JobId id = producer.enqueue(jobs()).get(0).id(); // its notification stays in the endless read

            assertThat(next.get(20, TimeUnit.SECONDS).id()).isEqualTo(id);
        } finally {
            streamEnds.countDown();
            worker.close();
        }
    }

    @Test
    void aCaller_looksForItsOutcomeWhileTheListenerHoldsNotificationsBack() throws Exception {
        CountDownLatch streamEnds = new CountDownLatch(1);
        JdbcBackend caller = new JdbcBackend(settings, listenerReadsUntil(streamEnds), Clock.systemUTC());
        try (JdbcBackend worker = backend()) {
            JobId id = caller.submit(jobs()).get(0).id();
            CompletableFuture<Outcome> outcome = caller.outcome(id);
            await("the caller's backend listens")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> caller.listeningSinceForTests() > 0);
            await("the listener holds notifications back") // the poller's looks so far found the job unfinished
                    .atMost(Duration.ofSeconds(30))
                    .until(caller::notificationsHeldBack);

            ClaimedJob job = worker.claim(QUEUES, 1, "w", LEASE).get(0);
            assertThat(worker.complete(job.lease(), null)).isTrue();

            assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        } finally {
            streamEnds.countDown();
            caller.close();
        }
    }

    /**
     * The test pool, except that on the listener's connection {@code getNotifications} does not return until
     * {@code streamEnds} is counted down, as pgjdbc's does not while notifications keep coming.
     */
    private static DataSource listenerReadsUntil(CountDownLatch streamEnds) {
        return TestProxies.proxy(DataSource.class, (p, method, args) -> {
            Object result = TestProxies.invoke(pool, method, args);
            boolean listener = Thread.currentThread().getName().startsWith("errand-jdbc-listen-");
            return method.getName().equals("getConnection") && listener
                    ? readingUntil((Connection) result, streamEnds)
                    : result;
        });
    }

    private static Connection readingUntil(Connection real, CountDownLatch streamEnds) {
        return TestProxies.proxy(Connection.class, (p, method, args) -> {
            Object result = TestProxies.invoke(real, method, args);
            if (!method.getName().equals("unwrap") || args[0] != PGConnection.class) {
                return result;
            }
            PGConnection pg = (PGConnection) result;
            return TestProxies.proxy(PGConnection.class, (q, m, a) -> {
                if (m.getName().equals("getNotifications") && m.getParameterCount() == 1) {
                    streamEnds.await();
                    return new PGNotification[0];
                }
                return TestProxies.invoke(pg, m, a);
            });
        });
    }

    /** A worker's backend whose LISTEN session is open. */
    private static JdbcBackend listening() throws InterruptedException {
        return listening(backend());
    }

    private static JdbcBackend listening(JdbcBackend worker) throws InterruptedException {
        worker.awaitWork(QUEUES, Duration.ofMillis(1));
        await("the worker's backend listens")
                .atMost(Duration.ofSeconds(30))
                .until(() -> worker.listeningSinceForTests() > 0);
        return worker;
    }

    /** Claims the waiting job, then waits as a fetcher does for the next one; the future holds that one. */
    private static CompletableFuture<ClaimedJob> fetchSecondJob(JdbcBackend worker) {
        return fetchAfter(
                worker, () -> assertThat(worker.claim(QUEUES, 1, "w", LEASE)).hasSize(1));
    }

    private static CompletableFuture<ClaimedJob> fetch(JdbcBackend worker) {
        return fetchAfter(worker, () -> {});
    }

    /** On a thread of its own, runs {@code first}, then waits as a fetcher does for a job; the future holds it. */
    private static CompletableFuture<ClaimedJob> fetchAfter(JdbcBackend worker, Runnable first) {
        CompletableFuture<ClaimedJob> next = new CompletableFuture<>();
        Thread fetcher = new Thread(() -> {
            try {
                first.run();
                next.complete(claimNext(worker));
            } catch (InterruptedException | RuntimeException | AssertionError e) {
                next.completeExceptionally(e);
            }
        });
        startWaiting(fetcher);
        return next;
    }

    /** Claims until a job comes, waiting a minute each time unless something ends the wait. */
    private static ClaimedJob claimNext(JdbcBackend worker) throws InterruptedException {
        List<ClaimedJob> found;
        while ((found = worker.claim(QUEUES, 1, "w", LEASE)).isEmpty()) {
            worker.awaitWork(QUEUES, Duration.ofMinutes(1));
        }
        return found.get(0);
    }

    private static void startWaiting(Thread fetcher) {
        fetcher.setDaemon(true);
        fetcher.start();
        await("the fetcher waits")
                .pollInterval(Duration.ofMillis(5))
                .atMost(Duration.ofSeconds(30))
                .until(() -> fetcher.getState() == Thread.State.TIMED_WAITING);
    }

    /** Inserts announce nothing from now on, as if the listener held their notifications back. */
    private static void silenceInserts() {
        TestDatabases.execute(
                pool, settings.tables().expand("ALTER TABLE {prefix}jobs DISABLE TRIGGER {prefix}jobs_inserted"));
    }

    private static JdbcBackend backend() {
        return new JdbcBackend(settings, pool, Clock.systemUTC());
    }

    private static List<NewJob> jobs() {
        return List.of(NewJobs.at(Instant.now()).queue(QUEUE).build());
    }
}
