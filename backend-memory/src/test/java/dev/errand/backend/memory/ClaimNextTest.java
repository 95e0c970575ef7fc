package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A backend that {@code claimsNext}: each job thread asks it for its next job after every success, and runs what it
 * gets without the fetcher; with a job limit, or once the worker stops, it asks for none (max 0), so the backend lets
 * go of what it kept for the thread.
 */
class ClaimNextTest {
    private static final Duration MAX = Duration.ofSeconds(20);

    private final List<Integer> asked = new CopyOnWriteArrayList<>();
    private final AtomicInteger brought = new AtomicInteger();
    private final AtomicInteger fetcherClaims = new AtomicInteger();
    /** Whether the fetcher's claims bring only the first job, so every other one must come from the job thread. */
    private volatile boolean fetcherClaimsOnce;

    private final CountDownLatch woken = new CountDownLatch(1);
    private final DelegatingBackend claimsNext =
            new DelegatingBackend(new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
                @Override
                public boolean claimsNext() {
                    return true;
                }

                @Override
                public List<ClaimedJob> claimNext(
                        Lease finished, Set<String> queues, int max, String owner, Duration leaseDuration) {
                    asked.add(max);
                    List<ClaimedJob> claimed = max == 0 ? List.of() : delegate.claim(queues, max, owner, leaseDuration);
                    brought.addAndGet(claimed.size());
                    return claimed;
                }

                @Override
                public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration lease) {
                    if (fetcherClaimsOnce && fetcherClaims.getAndIncrement() > 0) {
                        return List.of();
                    }
                    return delegate.claim(queues, fetcherClaimsOnce ? 1 : max, owner, lease);
                }

                @Override
                public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
                    if (fetcherClaimsOnce) {
                        woken.await(maxWait.toMillis(), TimeUnit.MILLISECONDS); // it brings nothing more
                    } else {
                        delegate.awaitWork(queues, maxWait);
                    }
                }

                @Override
                public void wakeUp() {
                    woken.countDown();
                    delegate.wakeUp();
                }
            };
    private final TckService service = new TckService();

    @Test
    void theJobThreadRunsTheJobsItClaimsItself_eachOnce() {
        fetcherClaimsOnce = true;
        try (Errand errand = Errand.builder().backend(claimsNext).build()) {
            enqueue(errand, 200);
            try (Worker worker = errand.worker().register(service).threads(1).start()) {
                await("200 jobs ran, 199 of them claimed by the job thread")
                        .atMost(MAX)
                        .until(() -> worker.stats().succeeded() >= 200);
                assertThat(worker.stats().succeeded()).isEqualTo(200);
            }
            assertThat(service.runs)
                    .hasSize(200)
                    .allSatisfy((key, runs) ->
                            assertThat(runs.get()).as("runs of " + key).isEqualTo(1));
            assertThat(brought.get()).isEqualTo(199);
            assertThat(asked)
                    .as("one ask after each success, each for a job")
                    .hasSize(200)
                    .containsOnly(1);
        }
    }

    @Test
    void withAJobLimit_theFetcherAloneClaims() {
        try (Errand errand = Errand.builder().backend(claimsNext).build()) {
            enqueue(errand, 20);
            Worker worker =
                    errand.worker().register(service).threads(2).maxJobs(5).start();
            await("the worker stopped at its limit").atMost(MAX).until(worker::isStopped);
            assertThat(worker.stats().succeeded()).isEqualTo(5);
            assertThat(asked).as("asks after the 5 successes").hasSize(5).containsOnly(0);
            assertThat(brought.get()).isZero();
        }
    }

    private static void enqueue(Errand errand, int n) {
        TckServiceJobs jobs = new TckServiceJobs(errand);
        for (int i = 0; i < n; i++) {
            jobs.record("j" + i).enqueue();
        }
    }
}
