package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobId;
import dev.errand.JobState;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops and starts again while a producer thread enqueues and a worker runs. The
 * client does not retry an enqueue by itself: while the server is away, {@code enqueue()} throws
 * (after at most the pool's {@code connectionTimeout}, here 1 s); every enqueue that returned an id
 * is acknowledged, and at the end every acknowledged job has SUCCEEDED (nothing acknowledged is
 * lost), with no restart of the worker or the client. One run restarts at once, the other keeps
 * the server down until the producer has failed at least three times and for at least 3 s, i.e.
 * for three connection timeouts.
 */
class RestartUnderLoadTest {
    private static final int MAX_ENQUEUES = 5_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void quickRestart_everyAcknowledgedEnqueueSucceeds() throws Exception {
        run(0);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void downLongerThanConnectionTimeout_workerRecoversByItself_everyAcknowledgedEnqueueSucceeds() throws Exception {
        run(3);
    }

    /** {@code failuresWhileDown}: how many failed enqueues to see before starting the server again. */
    private void run(int failuresWhileDown) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres server = start(data, port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        JdbcBackend backend = new JdbcBackend(new BackendContext(ErrandConfig.of(Map.of(JdbcSettings.URL, url,
                JdbcSettings.USERNAME, "postgres", "errand.jdbc.pool.connectionTimeout", "1000"), "test"), Clock.systemUTC()));
        TckService service = new TckService();
        Map<JobId, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch fiftyBefore = new CountDownLatch(50);
        java.util.concurrent.BlockingQueue<Long> failedAt = new java.util.concurrent.LinkedBlockingQueue<>();
        AtomicReference<CountDownLatch> fiftyAfter = new AtomicReference<>(new CountDownLatch(0));
        Thread producer = null;
        try (Errand errand = Errand.builder().backend(backend).build();
                Worker worker = errand.worker().register(service).threads(2).lease(Duration.ofSeconds(5)).start()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            producer = new Thread(() -> {
                for (int i = 0; i < MAX_ENQUEUES && !stop.get(); i++) {
                    String key = "p-" + i;
                    try {
                        JobId id = jobs.record(key).enqueue();
                        acknowledged.put(id, key);
                        fiftyBefore.countDown();
                        fiftyAfter.get().countDown();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                        failedAt.add(System.nanoTime());
                    }
                }
            }, "producer");
            producer.start();
            assertThat(fiftyBefore.await(60, TimeUnit.SECONDS)).as("50 enqueues before the restart").isTrue();

            failedAt.clear();
            server.close();
            long stoppedAt = System.nanoTime();
            // Down until the producer has failed failuresWhileDown times, the last one at least
            // failuresWhileDown seconds (= connection timeouts) after the server stopped.
            int seen = 0;
            long lastFailure = stoppedAt;
            while (seen < failuresWhileDown || lastFailure - stoppedAt < TimeUnit.SECONDS.toNanos(failuresWhileDown)) {
                Long at = failedAt.poll(60, TimeUnit.SECONDS);
                assertThat(at).as("an enqueue failed while the server was down").isNotNull();
                seen++;
                lastFailure = at;
            }
            long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            CountDownLatch after = new CountDownLatch(50);
            fiftyAfter.set(after);
            server = start(data, port);
            assertThat(after.await(90, TimeUnit.SECONDS)).as("50 enqueues after the restart").isTrue();
            stop.set(true);
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();

            CompletableFuture.allOf(acknowledged.keySet().stream().map(backend::outcome).toArray(CompletableFuture[]::new))
                    .get(150, TimeUnit.SECONDS);
            List<String> notSucceeded = new ArrayList<>();
            for (Map.Entry<JobId, String> e : acknowledged.entrySet()) {
                JobState state = backend.find(e.getKey()).map(j -> j.state()).orElse(null);
                if (state != JobState.SUCCEEDED || service.runs(e.getValue()) < 1) {
                    notSucceeded.add(e.getValue() + "=" + state);
                }
            }
            long twice = service.runs.values().stream().filter(n -> n.get() > 1).count();
            System.out.printf("restart under load: down %d ms, %d acknowledged, %d enqueues failed (first: %s), %d run twice%n",
                    downMillis, acknowledged.size(), failures.get(), firstFailure.get(), twice);
            assertThat(notSucceeded).as("acknowledged jobs that did not succeed").isEmpty();
            if (failuresWhileDown > 0) {
                assertThat(failures.get()).isGreaterThanOrEqualTo(failuresWhileDown);
            }
        } finally {
            stop.set(true);
            if (producer != null) {
                producer.join(TimeUnit.SECONDS.toMillis(30));
            }
            server.close();
        }
    }

    /** Starts PostgreSQL on {@code data}, initialising it the first time; the data stays when it stops. */
    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
