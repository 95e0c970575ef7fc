package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A worker registers its jobs with the backend before its first claim and unregisters once it has stopped
 * ({@code Backend.registerWorker}, {@code unregisterWorker}); the client stores awaited jobs with
 * {@code Backend.submit} and background jobs with {@code Backend.enqueue}.
 */
class WorkerRegistrationTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final DelegatingBackend recording =
            new DelegatingBackend(new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
                @Override
                public void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {
                    calls.add("register " + owner + " " + jobs.size() + " jobs " + queues);
                }

                @Override
                public void unregisterWorker(String owner) {
                    calls.add("unregister " + owner);
                }

                @Override
                public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
                    if (calls.isEmpty() || !calls.get(calls.size() - 1).equals("claim")) {
                        calls.add("claim");
                    }
                    return delegate.claim(queues, max, owner, leaseDuration);
                }

                @Override
                public List<EnqueueResult> submit(List<NewJob> jobs) {
                    calls.add("submit " + jobs.size());
                    return delegate.submit(jobs);
                }

                @Override
                public List<EnqueueResult> enqueue(List<NewJob> jobs) {
                    calls.add("enqueue " + jobs.size());
                    return delegate.enqueue(jobs);
                }
            };

    @Test
    void aStartedWorker_registersBeforeItsFirstClaim_andUnregistersWhenClosed() {
        try (Errand errand = Errand.builder().backend(recording).build()) {
            Worker worker = errand.worker()
                    .register(new TckService())
                    .name("reg")
                    .threads(1)
                    .build();
            assertThat(calls).as("building registers nothing").isEmpty();
            worker.start();
            String echoed = new TckServiceJobs(errand).echo("hi").call(Duration.ofSeconds(20));
            worker.close();

            assertThat(echoed).isEqualTo("hi");
            String id = worker.id();
            assertThat(calls.get(0)).isEqualTo("register " + id + " 11 jobs [tck]");
            assertThat(calls).contains("submit 1").endsWith("unregister " + id);
            assertThat(calls.indexOf("claim")).isGreaterThan(0);
        }
    }

    @Test
    void aDrainingWorker_registersOnce_andUnregistersWhenClosed() {
        try (Errand errand = Errand.builder().backend(recording).build()) {
            Worker worker =
                    errand.worker().register(new TckService()).name("drain").build();
            new TckServiceJobs(errand).record("k").enqueue();
            worker.drain();
            worker.drain();
            worker.close();

            String id = worker.id();
            assertThat(calls)
                    .containsExactly("enqueue 1", "register " + id + " 11 jobs [tck]", "claim", "unregister " + id);
        }
    }
}
