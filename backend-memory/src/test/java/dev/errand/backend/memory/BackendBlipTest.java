package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Lease;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A backend that is briefly unreachable when a job finishes (a database restart) does not make
 * the job run twice: the worker retries recording the outcome.
 */
class BackendBlipTest {

    @Test
    void completeThatFailsTwice_isRetried_andTheJobRunsOnce() {
        MemoryBackend memory = new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
        Blipping backend = new Blipping(memory, 2);
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend(backend).build();
                Worker worker = errand.worker().register(service).threads(1).start()) {
            JobId id = new TckServiceJobs(errand).record("once").enqueue();

            JobInfo info = errand.awaitFinished(id, Duration.ofSeconds(30));

            assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(info.attempt()).isEqualTo(1);
            assertThat(service.runs("once")).isEqualTo(1);
            assertThat(backend.completeCalls.get())
                    .as("two refused calls, then the one that worked")
                    .isEqualTo(3);
        }
    }

    /** Throws from {@code complete} a given number of times, like a database that is restarting. */
    private static final class Blipping extends DelegatingBackend {
        final AtomicInteger failuresLeft;
        final AtomicInteger completeCalls = new AtomicInteger();

        Blipping(Backend delegate, int failures) {
            super(delegate);
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public boolean complete(Lease lease, byte[] result) {
            completeCalls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("connection refused (simulated restart)");
            }
            return delegate.complete(lease, result);
        }
    }
}
