package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.AttemptEvent;
import dev.errand.worker.AttemptListener;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A claimed job whose enqueue time the backend does not know ({@code ClaimedJob.enqueueTimeKnown()} false, as
 * Gearman jobs from non-Errand clients will be) runs as usual and is logged with {@code delay_ms=unknown}; attempt
 * listeners hear that its delay is unknown.
 */
class UnknownEnqueueTimeTest {

    @Test
    void anAttemptOfAJobWithoutEnqueueTime_isLoggedWithDelayUnknown() {
        DelegatingBackend forgetful =
                new DelegatingBackend(new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
                    @Override
                    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration lease) {
                        return delegate.claim(queues, max, owner, lease).stream()
                                .map(UnknownEnqueueTimeTest::withoutEnqueueTime)
                                .toList();
                    }
                };
        List<String> lines = new CopyOnWriteArrayList<>();
        List<AttemptEvent> events = new CopyOnWriteArrayList<>();
        try (Errand errand = Errand.builder().backend(forgetful).build()) {
            new TckServiceJobs(errand).record("k").enqueue();
            Worker worker = errand.worker()
                    .register(new TckService())
                    .timingListener(lines::add)
                    .attemptListener(new AttemptListener() {
                        @Override
                        public void finished(AttemptEvent event) {
                            events.add(event);
                        }
                    })
                    .build();
            assertThat(worker.drain().succeeded()).isEqualTo(1);
            worker.close();
        }

        assertThat(lines).singleElement().asString().contains(" status=ok delay_ms=unknown process_ms=");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.delayKnown()).isFalse();
            assertThat(e.delay()).isZero();
        });
    }

    private static ClaimedJob withoutEnqueueTime(ClaimedJob j) {
        return new ClaimedJob(
                j.id(),
                j.name(),
                j.queue(),
                j.priority(),
                j.payload(),
                j.fingerprint(),
                j.attempt(),
                j.maxAttempts(),
                j.timeout(),
                j.enqueuedAt(),
                j.runAt(),
                j.lease(),
                false);
    }
}
