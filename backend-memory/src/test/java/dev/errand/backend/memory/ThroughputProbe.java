package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures jobs per second end to end: one producer enqueues in batches of 1000 while workers
 * claim in batches of 100 and complete each job. Prints the figures; asserts only correctness.
 * Run with {@code mvn -pl backend-memory test -Dtest=ThroughputProbe -Derrand.throughput=true}.
 */
@EnabledIfSystemProperty(named = "errand.throughput", matches = "true")
class ThroughputProbe {
    private static final int JOBS = 1_000_000;
    private static final Set<String> QUEUES = Set.of("bench");
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void enqueueClaimComplete() throws Exception {
        int workers = Integer.getInteger("errand.throughput.workers", 1);
        for (int round = 1; round <= 5; round++) {
            double perSecond = run(workers);
            System.out.printf(
                    "round %d: %,.0f jobs/s (1 producer, %d worker threads, %d cores)%n",
                    round, perSecond, workers, Runtime.getRuntime().availableProcessors());
        }
    }

    private static double run(int workers) throws Exception {
        Clock clock = Clock.systemUTC();
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.capacity", "2000000"));
        byte[] payload = new byte[32];
        AtomicLong completed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        threads.add(new Thread(
                () -> {
                    for (int sent = 0; sent < JOBS; sent += 1000) {
                        List<NewJob> batch = new ArrayList<>(1000);
                        Instant now = clock.instant();
                        for (int i = 0; i < 1000; i++) {
                            batch.add(new NewJob(
                                    "bench.run", "bench", 0, payload, "fp", 3, Duration.ofMinutes(1), now, now, null));
                        }
                        backend.enqueue(batch);
                    }
                },
                "producer"));
        for (int w = 0; w < workers; w++) {
            String owner = "worker-" + w;
            threads.add(new Thread(
                    () -> {
                        try {
                            while (completed.get() < JOBS) {
                                List<ClaimedJob> claimed = backend.claim(QUEUES, 100, owner, LEASE);
                                if (claimed.isEmpty()) {
                                    backend.awaitWork(QUEUES, Duration.ofMillis(10));
                                    continue;
                                }
                                for (ClaimedJob job : claimed) {
                                    backend.complete(job.lease(), null);
                                }
                                completed.addAndGet(claimed.size());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    owner));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(backend.unfinished()).isZero();
        backend.close();
        return JOBS / seconds;
    }
}
