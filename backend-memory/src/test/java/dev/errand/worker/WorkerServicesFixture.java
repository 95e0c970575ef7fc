package dev.errand.worker;

import dev.errand.Errand;
import dev.errand.backend.memory.MemoryBackend;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.testing.SettableClock;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The worker's services one at a time, on a memory backend and a clock the test moves: each test builds the
 * services it needs from the same parts a started worker uses.
 */
abstract class WorkerServicesFixture {
    static final Duration LEASE = Duration.ofSeconds(30);

    final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final MemoryBackend backend = new MemoryBackend(new BackendContext(ErrandConfig.empty(), clock));
    final Errand errand = Errand.builder().backend(backend).clock(clock).build();
    final TckService service = new TckService();
    final TckServiceJobs jobs = new TckServiceJobs(errand);
    final WorkerCounters counters = new WorkerCounters();
    final LocalQueue waiting = new LocalQueue();

    @AfterEach
    void closeErrand() {
        errand.close();
    }

    WorkerBuilder builder() {
        return errand.worker()
                .register(service)
                .name("svc")
                .threads(2)
                .batchSize(4)
                .lease(LEASE);
    }

    WorkerSettings settings() {
        WorkerBuilder b = builder();
        return b.settings(b.registry());
    }

    AttemptRunner runner(WorkerSettings settings) {
        WorkerBuilder b = builder();
        return b.runner(b.registry(), settings);
    }

    /** Claims what is due, as the fetcher would, for the owner in {@code settings}. */
    List<ClaimedJob> claim(WorkerSettings settings, int max) {
        return backend.claim(Set.of("tck"), max, settings.id(), settings.lease());
    }
}
