package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Of several workers on one store, one rescues expired leases; when it stops, another takes over. */
class MaintenanceLeaderTest {
    private static final Duration ROUNDS = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(10);

    /** Rescue calls per supervisor thread ("errand-supervisor-<worker name>"). */
    private final Map<String, AtomicInteger> rescuesBy = new ConcurrentHashMap<>();

    @Test
    void oneWorkerOfThree_rescues_andAnotherTakesOverWhenItStops() {
        MemoryBackend memory = new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
        DelegatingBackend counting = new DelegatingBackend(memory) {
            @Override
            public int recoverExpiredLeases() {
                rescuesBy
                        .computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger())
                        .incrementAndGet();
                return delegate.recoverExpiredLeases();
            }
        };
        try (Errand errand = Errand.builder().backend(counting).build()) {
            List<Worker> workers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                workers.add(errand.worker()
                        .register(new TckService())
                        .name("m" + i)
                        .threads(1)
                        .lease(Duration.ofMillis(900))
                        .maintenanceInterval(Duration.ofMillis(100))
                        .start());
            }
            await("ten maintenance rounds").atMost(ROUNDS).pollInterval(POLL).until(() -> total() >= 10);
            assertThat(rescuesBy).as("rescuing workers").hasSize(1);
            String leader = rescuesBy.keySet().iterator().next();
            Worker leading = workers.stream()
                    .filter(w -> leader.equals("errand-supervisor-" + w.id().substring(w.id().lastIndexOf(':') + 1)))
                    .findFirst()
                    .orElseThrow();

            leading.close();
            await("another worker to take the maintenance over")
                    .atMost(ROUNDS)
                    .pollInterval(POLL)
                    .until(() -> rescuesBy.size() == 2);
            int before = total();
            await("ten more rounds").atMost(ROUNDS).pollInterval(POLL).until(() -> total() >= before + 10);

            assertThat(rescuesBy.get(leader).get())
                    .as("rounds of the stopped worker")
                    .isLessThanOrEqualTo(before);
            assertThat(rescuesBy).hasSize(2);
            workers.forEach(Worker::close);
        }
    }

    private int total() {
        return rescuesBy.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
