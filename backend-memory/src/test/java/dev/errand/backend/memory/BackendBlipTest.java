package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobError;
import dev.errand.config.ErrandConfig;
import dev.errand.JobId;
import dev.errand.JobInfo;
import dev.errand.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
            assertThat(backend.completeCalls.get()).as("two refused calls, then the one that worked").isEqualTo(3);
        }
    }

    /** Throws from {@code complete} a given number of times, like a database that is restarting. */
    private static final class Blipping implements Backend {
        private final Backend delegate;
        final AtomicInteger failuresLeft;
        final AtomicInteger completeCalls = new AtomicInteger();

        Blipping(Backend delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override public boolean complete(Lease lease, byte[] result) {
            completeCalls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("connection refused (simulated restart)");
            }
            return delegate.complete(lease, result);
        }

        @Override public String name() { return delegate.name(); }
        @Override public Set<Capability> capabilities() { return delegate.capabilities(); }
        @Override public List<EnqueueResult> enqueue(List<NewJob> jobs) { return delegate.enqueue(jobs); }
        @Override public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration lease) {
            return delegate.claim(queues, max, owner, lease);
        }
        @Override public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
            delegate.awaitWork(queues, maxWait);
        }
        @Override public void wakeUp() { delegate.wakeUp(); }
        @Override public boolean fail(Lease lease, JobError error, Instant retryAt) { return delegate.fail(lease, error, retryAt); }
        @Override public Set<JobId> renew(Collection<Lease> leases, Duration d) { return delegate.renew(leases, d); }
        @Override public void release(Collection<Lease> leases) { delegate.release(leases); }
        @Override public int recoverExpiredLeases() { return delegate.recoverExpiredLeases(); }
        @Override public boolean cancel(JobId id) { return delegate.cancel(id); }
        @Override public Optional<JobInfo> find(JobId id) { return delegate.find(id); }
        @Override public List<dev.errand.spi.QueueStats> queueStats() { return delegate.queueStats(); }
        @Override public CompletableFuture<Outcome> outcome(JobId id) { return delegate.outcome(id); }
        @Override public void close() { delegate.close(); }
    }
}
