package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code close()} whose caller is interrupted (a container shutting down in a hurry) still stops the worker, as if
 * the grace period had ended at once: it hands back what did not start, interrupts what runs, and keeps the caller's
 * interrupt.
 */
class InterruptedCloseTest {

    @Test
    void anInterruptedClose_stopsAsIfTheGracePeriodHadEnded() throws Exception {
        // on the memory backend each job thread claims its own batches
        assertInterruptedCloseHandsBack(
                Errand.builder().config(ErrandConfig.empty()).backend("memory"));
    }

    @Test
    void anInterruptedClose_stopsAsIfTheGracePeriodHadEnded_withTheFetcher() throws Exception {
        // a backend that is not in-process: the fetcher claims into the local queue
        Backend notInProcess = new DelegatingBackend(
                new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {};
        assertInterruptedCloseHandsBack(
                Errand.builder().config(ErrandConfig.empty()).backend(notInProcess));
    }

    private static void assertInterruptedCloseHandsBack(Errand.ErrandBuilder builder) throws Exception {
        TckService tck = new TckService();
        // a long prefetch window: the job waiting behind the running one stays claimed until close()
        try (Errand errand = builder.property("errand.worker.shutdownGrace", "1m")
                .property("errand.worker.prefetch", "5m")
                .build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            List<JobId> ids = errand.enqueueAll(List.of(jobs.block("slow"), jobs.echo("behind")));
            JobId running = ids.get(0);
            JobId behind = ids.get(1);
            Worker worker = errand.worker().register(tck).threads(1).start();
            assertThat(tck.started.await(10, TimeUnit.SECONDS))
                    .as("the blocking job started")
                    .isTrue();
            await("the job behind the running one is claimed")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> errand.job(behind).orElseThrow().state() == JobState.RUNNING);

            long t0 = System.nanoTime();
            Thread.currentThread().interrupt();
            worker.close();
            boolean stillInterrupted = Thread.interrupted();
            long closeMillis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(stillInterrupted)
                    .as("close() keeps the caller's interrupt")
                    .isTrue();
            assertThat(closeMillis)
                    .as("close() did not wait for the grace period of one minute")
                    .isLessThan(30_000);
            await("the running job's attempt ended")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> errand.job(running).orElseThrow().state() != JobState.RUNNING);
            assertThat(errand.job(running).orElseThrow().errors())
                    .as("interrupted as after the grace period: a failed attempt, to be retried")
                    .singleElement()
                    .satisfies(e -> assertThat(e.type()).isEqualTo("java.lang.InterruptedException"));
            JobInfo handedBack = errand.job(behind).orElseThrow();
            assertThat(handedBack.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(handedBack.attempt())
                    .as("handed back unstarted, no attempt counted")
                    .isZero();
            assertThat(tck.runs("slow")).isZero();
            String name = worker.id().substring(worker.id().lastIndexOf(':') + 1);
            await("every thread of the worker ended")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(t -> t.isAlive() && t.getName().matches("errand-[a-z]+-" + name + "(-\\d+)?")));
        } finally {
            tck.release.countDown();
        }
    }
}
