package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker with the default batch size and prefetch claims short jobs in large batches and long jobs about one at a
 * time: it never holds many long jobs waiting that another worker could run.
 */
class AdaptivePrefetchTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    private final TckService service = new TckService();
    /** What each claim brought. */
    private final List<Integer> claims = new CopyOnWriteArrayList<>();

    private final AtomicInteger brought = new AtomicInteger();
    /** The most claimed jobs that had not started yet, seen right after a claim. */
    private final AtomicInteger mostWaiting = new AtomicInteger();

    private final DelegatingBackend counting =
            new DelegatingBackend(new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
                @Override
                public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration lease) {
                    List<ClaimedJob> claimed = delegate.claim(queues, max, owner, lease);
                    if (!claimed.isEmpty()) {
                        claims.add(claimed.size());
                        int waiting = brought.addAndGet(claimed.size()) - started();
                        mostWaiting.accumulateAndGet(waiting, Math::max);
                    }
                    return claimed;
                }
            };

    @Test
    void shortJobs_areClaimedInBatchesOfHundreds() {
        try (Errand errand = Errand.builder().backend(counting).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            for (int i = 0; i < 5000; i++) {
                jobs.record("j" + i).enqueue();
            }
            try (Worker worker = errand.worker().register(service).threads(2).start()) {
                await("5,000 jobs ran").atMost(MAX).until(() -> worker.stats().succeeded() >= 5000);
            }
        }
        assertThat(claims.stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("the largest claim, of " + claims)
                .isGreaterThanOrEqualTo(500);
    }

    @Test
    void longJobs_waitAboutOneAtATime() {
        try (Errand errand = Errand.builder().backend(counting).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            for (int i = 0; i < 12; i++) {
                jobs.pace("slow" + i, 150_000).enqueue(); // 150 ms each
            }
            try (Worker worker = errand.worker().register(service).threads(2).start()) {
                await("12 jobs ran").atMost(MAX).until(() -> worker.stats().succeeded() >= 12);
            }
        }
        // Room for one job beyond the 2 threads: first because nothing ran yet, then as 2 threads × 100 ms / 150 ms.
        assertThat(mostWaiting.get())
                .as("claimed jobs not started yet, at most; claims " + claims)
                .isLessThanOrEqualTo(3);
        assertThat(claims).as("claims").hasSizeGreaterThanOrEqualTo(4);
    }

    private int started() {
        return service.runs.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
