package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures jobs per second on each database: enqueue in batches of 1000, enqueue one by one,
 * and claim (batches of 100) + complete each job with 1 and 4 threads. Prints the figures;
 * asserts only that every job was handled. Run with
 * {@code mvn -pl backend-jdbc test -Dtest=ThroughputProbe -Derrand.throughput=true}.
 */
@EnabledIfSystemProperty(named = "errand.throughput", matches = "true")
class ThroughputProbe {
    private static final int JOBS = 20_000;
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void postgres() throws Exception {
        String url = PostgresServer.shared().newDatabase("bench");
        try (SharedStore store =
                new SharedStore(TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD))) {
            System.out.println("PostgreSQL 14, synchronous_commit="
                    + TestDatabases.firstValue(store.pool, "SHOW synchronous_commit"));
            run("postgresql", store);
        }
        try (SharedStore store = new SharedStore(TestDatabases.settings(
                url + "?options=-c%20synchronous_commit%3Don", PostgresServer.USER, PostgresServer.PASSWORD))) {
            System.out.println("PostgreSQL 14, synchronous_commit="
                    + TestDatabases.firstValue(store.pool, "SHOW synchronous_commit"));
            run("postgresql (sync commit)", store);
        }
    }

    @Test
    void mariadb() throws Exception {
        try (SharedStore store = new SharedStore(
                TestDatabases.settings(MariaDbServer.shared().newDatabase("bench", ""), MariaDbServer.USER, null))) {
            run("mariadb", store);
        }
    }

    @Test
    void h2() throws Exception {
        try (SharedStore store = new SharedStore(TestDatabases.settings(
                "jdbc:h2:file:" + dir.resolve("bench") + ";DB_CLOSE_ON_EXIT=FALSE", null, null))) {
            run("h2", store);
        }
    }

    private static void run(String db, SharedStore store) throws Exception {
        for (int round = 1; round <= 2; round++) {
            try (JdbcBackend backend = (JdbcBackend) store.newBackend(
                    new dev.errand.spi.BackendContext(dev.errand.config.ErrandConfig.empty(), Clock.systemUTC()))) {
                long t0 = System.nanoTime();
                for (int b = 0; b < JOBS / 1000; b++) {
                    List<NewJob> batch = new ArrayList<>(1000);
                    for (int i = 0; i < 1000; i++) {
                        batch.add(NewJobs.at(Clock.systemUTC().instant())
                                .payload("[" + i + "]")
                                .build());
                    }
                    backend.enqueue(batch);
                }
                double enqueueBatch = JOBS / seconds(t0);

                t0 = System.nanoTime();
                double claimOne = drain(backend, 1);

                t0 = System.nanoTime();
                int singles = 2000;
                for (int i = 0; i < singles; i++) {
                    backend.enqueue(
                            List.of(NewJobs.at(Clock.systemUTC().instant()).build()));
                }
                double enqueueSingle = singles / seconds(t0);
                for (int b = 0; b < (JOBS - singles) / 1000; b++) {
                    List<NewJob> batch = new ArrayList<>(1000);
                    for (int i = 0; i < 1000; i++) {
                        batch.add(NewJobs.at(Clock.systemUTC().instant()).build());
                    }
                    backend.enqueue(batch);
                }
                double claimFour = drain(backend, 4);
                System.out.printf(
                        "%s round %d: enqueue batches of 1000: %,.0f jobs/s; enqueue one by one: %,.0f jobs/s; "
                                + "claim 100 + complete each, 1 thread: %,.0f jobs/s; 4 threads: %,.0f jobs/s (%d cores)%n",
                        db,
                        round,
                        enqueueBatch,
                        enqueueSingle,
                        claimOne,
                        claimFour,
                        Runtime.getRuntime().availableProcessors());
            }
        }
    }

    /** Claims and completes every job with {@code threads} threads; jobs per second. */
    private static double drain(JdbcBackend backend, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "bench-" + t;
                futures.add(pool.submit(() -> {
                    List<ClaimedJob> got;
                    while (!(got = backend.claim(Set.of("q"), 100, owner, LEASE)).isEmpty()) {
                        for (ClaimedJob c : got) {
                            backend.complete(c.lease(), null);
                            done.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(done.get()).isEqualTo(JOBS);
        return JOBS / seconds(t0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
