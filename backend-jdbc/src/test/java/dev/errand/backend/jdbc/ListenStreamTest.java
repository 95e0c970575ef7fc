package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobId;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While enqueues commit more often than once a millisecond, pgjdbc hands on none of the notifications its LISTEN
 * session reads until the stream pauses, so a listening worker must not wait for them alone right after it found jobs
 * ({@link JdbcBackend#STREAM_WINDOW}). Here the insert trigger is disabled, which holds back every wake-up as such a
 * stream does, and polls are five minutes apart, so a worker that claims the job within seconds looked by itself.
 */
class ListenStreamTest {
    private static final String QUEUE = "stream";
    private static final Set<String> QUEUES = Set.of(QUEUE);
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void schema() {
        settings = TestDatabases.settings(
                PostgresServer.shared().newDatabase("listen_stream"),
                PostgresServer.USER,
                PostgresServer.PASSWORD,
                JdbcSettings.POLL_INTERVAL,
                "5m");
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

    @Test
    void aWorkerThatJustFoundJobs_looksAgainWithoutANotification() throws Exception {
        try (JdbcBackend worker = listening();
                JdbcBackend producer = backend()) {
            producer.enqueue(jobs());
            silenceInserts();

            CompletableFuture<ClaimedJob> next = fetchSecondJob(worker);
            JobId id = producer.enqueue(jobs()).get(0).id();

            assertThat(next.get(20, TimeUnit.SECONDS).id()).isEqualTo(id);
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
            Thread.sleep(JdbcBackend.STREAM_WINDOW.toMillis() + 500);

            CompletableFuture<ClaimedJob> next = fetch(worker);
            producer.enqueue(jobs());

            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(next).isNotDone());
            worker.wakeUp(); // let the fetcher end before the backend closes
            assertThat(next.get(20, TimeUnit.SECONDS)).isNotNull();
        }
    }

    /** A worker's backend whose LISTEN session is open. */
    private static JdbcBackend listening() throws InterruptedException {
        JdbcBackend worker = backend();
        worker.awaitWork(QUEUES, Duration.ofMillis(1));
        await("the worker's backend listens")
                .atMost(Duration.ofSeconds(30))
                .until(() -> worker.listeningSinceForTests() > 0);
        return worker;
    }

    /** Claims the waiting job, then waits as a fetcher does for the next one; the future holds that one. */
    private static CompletableFuture<ClaimedJob> fetchSecondJob(JdbcBackend worker) {
        CompletableFuture<ClaimedJob> second = new CompletableFuture<>();
        Thread fetcher = new Thread(() -> {
            try {
                assertThat(worker.claim(QUEUES, 1, "w", LEASE)).hasSize(1);
                second.complete(claimNext(worker));
            } catch (InterruptedException | RuntimeException | AssertionError e) {
                second.completeExceptionally(e);
            }
        });
        startWaiting(fetcher);
        return second;
    }

    private static CompletableFuture<ClaimedJob> fetch(JdbcBackend worker) {
        CompletableFuture<ClaimedJob> next = new CompletableFuture<>();
        Thread fetcher = new Thread(() -> {
            try {
                next.complete(claimNext(worker));
            } catch (InterruptedException | RuntimeException e) {
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
