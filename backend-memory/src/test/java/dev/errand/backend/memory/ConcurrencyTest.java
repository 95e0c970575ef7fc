package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.boom;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final Set<String> QUEUES = Set.of("a", "b");
    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void manyProducersAndWorkers_completeEveryJobExactlyOnce() {
        int producers = 3;
        int perProducer = 30_000;
        int total = producers * perProducer;
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.maxFinished", "1000000"));
        Map<JobId, AtomicInteger> completions = new ConcurrentHashMap<>();
        Set<JobId> enqueued = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(producers + 3);

        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            List<Future<?>> tasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                tasks.add(pool.submit(() -> {
                    for (int sent = 0; sent < perProducer; sent += 100) {
                        List<NewJob> batch = new ArrayList<>(100);
                        for (int i = 0; i < 100; i++) {
                            batch.add(job(clock, (i % 2 == 0) ? "a" : "b", (sent + i) % 3, Duration.ZERO, null, 3));
                        }
                        backend.enqueue(batch).forEach(r -> enqueued.add(r.id()));
                    }
                    return producer;
                }));
            }
            for (int w = 0; w < 3; w++) {
                String owner = "worker-" + w;
                tasks.add(pool.submit(() -> {
                    while (done.get() < total) {
                        List<ClaimedJob> claimed = backend.claim(QUEUES, 50, owner, LEASE);
                        if (claimed.isEmpty()) {
                            backend.awaitWork(QUEUES, Duration.ofMillis(50));
                        }
                        for (ClaimedJob job : claimed) {
                            // Every 7th job fails its first attempt and is retried at once.
                            if (job.attempt() == 1 && Long.parseLong(job.id().value()) % 7 == 0) {
                                assertThat(backend.fail(job.lease(), boom(clock, 1), clock.instant()))
                                        .isTrue();
                            } else if (backend.complete(job.lease(), null)) {
                                completions
                                        .computeIfAbsent(job.id(), id -> new AtomicInteger())
                                        .incrementAndGet();
                                done.incrementAndGet();
                            }
                        }
                    }
                    return owner;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        });
        pool.shutdownNow();

        assertThat(enqueued).hasSize(total);
        assertThat(completions.keySet()).isEqualTo(enqueued);
        assertThat(completions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(enqueued)
                .allSatisfy(
                        id -> assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(backend.unfinished()).isZero();
        assertThat(backend.leaseIndexSize()).isZero();
        assertThat(backend.claim(QUEUES, 1, "late", LEASE)).isEmpty();
        backend.close();
    }

    @Test
    void cancelRacingWithClaims_eachJobIsEitherCancelledOrRun() {
        int total = 20_000;
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.maxFinished", "1000000"));
        LinkedBlockingQueue<JobId> toCancel = new LinkedBlockingQueue<>();
        Set<JobId> cancelled = ConcurrentHashMap.newKeySet();
        List<JobId> ran = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit(() -> {
                for (int sent = 0; sent < total; sent += 50) {
                    List<NewJob> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        batch.add(job(clock, "a"));
                    }
                    for (EnqueueResult r : backend.enqueue(batch)) {
                        toCancel.add(r.id());
                    }
                }
                return null;
            }));
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < total; i++) {
                    JobId id = toCancel.take();
                    if (backend.cancel(id)) {
                        cancelled.add(id);
                    }
                }
                return null;
            }));
            for (int w = 0; w < 2; w++) {
                String owner = "worker-" + w;
                tasks.add(pool.submit(() -> {
                    while (cancelled.size() + ran.size() < total) {
                        List<ClaimedJob> claimed = backend.claim(Set.of("a"), 10, owner, LEASE);
                        if (claimed.isEmpty()) {
                            backend.awaitWork(Set.of("a"), Duration.ofMillis(10));
                        }
                        for (ClaimedJob job : claimed) {
                            assertThat(backend.complete(job.lease(), null)).isTrue();
                            ran.add(job.id());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        });
        pool.shutdownNow();

        Set<JobId> ranOnce = new HashSet<>(ran);
        assertThat(ranOnce).hasSameSizeAs(ran).doesNotContainAnyElementsOf(cancelled);
        assertThat(ranOnce.size() + cancelled.size()).isEqualTo(total);
        assertThat(cancelled)
                .allSatisfy(
                        id -> assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED));
        assertThat(backend.unfinished()).isZero();
        backend.close();
    }
}
