package dev.errand.backend.redis;

import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import dev.errand.testservers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import redis.clients.jedis.Jedis;

/**
 * Measures, on a fresh local redis-server: memory per queued job (INFO memory before and after
 * 100 000 jobs) and rough throughput (batched and single enqueue; claim + complete). Prints the
 * figures and asserts nothing. Run with
 * {@code mvn -pl backend-redis test -Dtest=RedisFootprintProbe -Derrand.redis.probe=true}.
 */
@EnabledIfSystemProperty(named = "errand.redis.probe", matches = "true")
class RedisFootprintProbe {
    private static final int JOBS = 100_000;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final byte[] PAYLOAD =
            "[\"https://example.com/articles/2024/05/some-article\"]".getBytes(StandardCharsets.UTF_8);

    @Test
    void memoryAndThroughput() throws Exception {
        Clock clock = Clock.systemUTC();
        try (RedisServer redis = RedisServer.launch();
                RedisBackend backend = TestRedis.backend(Map.of(RedisSettings.URL, redis.url()), clock);
                Jedis jedis = redis.connect()) {
            System.out.printf(
                    "redis %s, payload %d bytes, %d cores%n",
                    jedis.info("server")
                            .lines()
                            .filter(l -> l.startsWith("redis_version"))
                            .findFirst()
                            .orElse("?"),
                    PAYLOAD.length,
                    Runtime.getRuntime().availableProcessors());
            backend.enqueue(List.of(job(clock, "warmup", null))); // keys, scripts and registry exist before measuring
            long before = usedMemory(jedis);
            long start = System.nanoTime();
            for (int i = 0; i < JOBS; i += 1000) {
                List<NewJob> batch = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++) {
                    batch.add(job(clock, "bench", null));
                }
                backend.enqueue(batch);
            }
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            long after = usedMemory(jedis);
            System.out.printf(
                    "memory: %,d bytes for %,d queued jobs = %,d bytes per job (one job hash: %d bytes)%n",
                    after - before, JOBS, (after - before) / JOBS, jedis.memoryUsage("{errand:bench}:job:1"));
            System.out.printf("enqueue, batches of 1000 (one script call each): %,.0f jobs/s%n", JOBS / enqueueSeconds);

            long uniqueBefore = usedMemory(jedis);
            for (int i = 0; i < 10_000; i += 1000) {
                List<NewJob> batch = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++) {
                    batch.add(job(clock, "uniq", "https://example.com/" + (i + k)));
                }
                backend.enqueue(batch);
            }
            System.out.printf(
                    "memory with a unique key (~25 chars): %,d bytes per job%n",
                    (usedMemory(jedis) - uniqueBefore) / 10_000);

            long bigBefore = usedMemory(jedis);
            byte[] big = ("[\"" + "x".repeat(1000) + "\"]").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 10_000; i += 1000) {
                List<NewJob> batch = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++) {
                    Instant now = clock.instant();
                    batch.add(new NewJob(
                            "BookmarkService.fetchSummary",
                            "big",
                            0,
                            big,
                            "5f3a9c1e",
                            5,
                            Duration.ofMinutes(1),
                            now,
                            now,
                            null));
                }
                backend.enqueue(batch);
            }
            System.out.printf(
                    "memory with a %d-byte payload: %,d bytes per job (the hash is no longer a listpack)%n",
                    big.length, (usedMemory(jedis) - bigBefore) / 10_000);

            start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                backend.enqueue(List.of(job(clock, "single", null)));
            }
            System.out.printf(
                    "enqueue one job per call, 1 thread: %,.0f jobs/s%n", 10_000 / ((System.nanoTime() - start) / 1e9));

            long beforeClaims = usedMemory(jedis);
            for (int threads : new int[] {1, 4}) {
                int jobs = threads == 1 ? 50_000 : JOBS - 50_000;
                start = System.nanoTime();
                double cpuBefore = redisCpuSeconds(jedis);
                long done = claimAndComplete(backend, threads, jobs);
                System.out.printf(
                        "claim (batches of 100) + complete each, %d thread(s): %,.0f jobs/s, Redis CPU %.1f µs/job%n",
                        threads,
                        done / ((System.nanoTime() - start) / 1e9),
                        (redisCpuSeconds(jedis) - cpuBefore) * 1e6 / done);
            }
            System.out.printf(
                    "memory of a finished job (kept for the 1d retention): %,d bytes%n",
                    (after - before + usedMemory(jedis) - beforeClaims) / JOBS);
        }
    }

    private static long claimAndComplete(RedisBackend backend, int threads, int jobs) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "probe-" + t;
                futures.add(pool.submit(() -> {
                    while (done.get() < jobs) {
                        List<ClaimedJob> claimed = backend.claim(Set.of("bench"), 100, owner, LEASE);
                        if (claimed.isEmpty()) {
                            return;
                        }
                        for (ClaimedJob c : claimed) {
                            backend.complete(c.lease(), null);
                        }
                        done.addAndGet(claimed.size());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return done.get();
    }

    /** The server's own CPU time (user + system): what the scripts cost Redis, whatever the clients wait for. */
    private static double redisCpuSeconds(Jedis jedis) {
        return jedis.info("cpu")
                .lines()
                .filter(l -> l.startsWith("used_cpu_user:") || l.startsWith("used_cpu_sys:"))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()))
                .sum();
    }

    private static long usedMemory(Jedis jedis) {
        return jedis.info("memory")
                .lines()
                .filter(l -> l.startsWith("used_memory:"))
                .mapToLong(
                        l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
                .findFirst()
                .orElseThrow();
    }

    private static NewJob job(Clock clock, String queue, String uniqueKey) {
        Instant now = clock.instant();
        return new NewJob(
                "BookmarkService.fetchSummary",
                queue,
                0,
                PAYLOAD,
                "5f3a9c1e",
                5,
                Duration.ofMinutes(1),
                now,
                now,
                uniqueKey);
    }
}
