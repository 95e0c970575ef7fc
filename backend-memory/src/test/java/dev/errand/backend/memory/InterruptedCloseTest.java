package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A {@code close()} whose caller is interrupted (a container stopping in a hurry) still stops the worker, as if the
 * grace period had ended at once: it hands back what did not start, interrupts what runs, which goes back unrun too,
 * waits a little for that, and keeps the caller's interrupt.
 */
class InterruptedCloseTest {

    @Test
    void aCloseCalledInterrupted_stopsAsIfTheGracePeriodHadEnded() throws Exception {
        // on the memory backend each job thread claims its own batches
        assertInterruptedCloseStops(memory(), InterruptedCloseTest::closeInterrupted);
    }

    @Test
    void aCloseCalledInterrupted_stopsAsIfTheGracePeriodHadEnded_withTheFetcher() throws Exception {
        assertInterruptedCloseStops(fetching(DelegatingBackend.notInProcess()), InterruptedCloseTest::closeInterrupted);
    }

    @Test
    void aCloseInterruptedWhileItWaitsForTheGracePeriod_stopsAtOnce() throws Exception {
        assertInterruptedCloseStops(memory(), InterruptedCloseTest::interruptWhileClosing);
    }

    @Test
    void aCloseInterruptedWhileItWaitsForTheGracePeriod_stopsAtOnce_withTheFetcher() throws Exception {
        assertInterruptedCloseStops(
                fetching(DelegatingBackend.notInProcess()), InterruptedCloseTest::interruptWhileClosing);
    }

    @Test
    void aBatchTheFetcherClaimsWhileAnInterruptedCloseEnds_isHandedBack() throws Exception {
        AtomicBoolean holdNextClaim = new AtomicBoolean();
        CountDownLatch claimEntered = new CountDownLatch(1);
        CountDownLatch claimMayEnd = new CountDownLatch(1);
        Backend slowClaim = new DelegatingBackend(DelegatingBackend.memory()) {
            @Override
            public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
                if (holdNextClaim.getAndSet(false)) {
                    claimEntered.countDown();
                    awaitQuietly(claimMayEnd);
                }
                return delegate.claim(queues, max, owner, leaseDuration);
            }
        };
        try (Errand errand = fetching(slowClaim).build()) {
            Worker worker =
                    errand.worker().register(new TckService()).threads(1).start();
            holdNextClaim.set(true);
            JobId id = new TckServiceJobs(errand).echo("late").enqueue();
            assertThat(claimEntered.await(10, TimeUnit.SECONDS))
                    .as("the fetcher's claim is under way")
                    .isTrue();

            closeInterrupted(worker);
            claimMayEnd.countDown(); // the claim returns the job after close() did

            await("the job the claim brought is handed back, unrun")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> errand.job(id).orElseThrow().state() == JobState.AVAILABLE);
            assertThat(errand.job(id).orElseThrow().attempt()).isZero();
        } finally {
            claimMayEnd.countDown();
        }
    }

    private interface Closing {
        /** Closes the worker so that close() is interrupted; returns whether the interrupt was still set after it. */
        boolean close(Worker worker) throws Exception;
    }

    private static void assertInterruptedCloseStops(Errand.ErrandBuilder builder, Closing closing) throws Exception {
        TckService tck = new TckService();
        // a grace period longer than the test, and a long prefetch window: the job waiting behind the running one
        // stays claimed until close()
        try (Errand errand = builder.property("errand.worker.shutdownGrace", "10m")
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

            assertThat(closing.close(worker)).as("close() keeps the interrupt").isTrue();

            for (JobId id : List.of(running, behind)) {
                JobInfo job = errand.job(id).orElseThrow();
                assertThat(job.state())
                        .as("job %s back in the queue when close() returned, the interrupted one too", id)
                        .isEqualTo(JobState.AVAILABLE);
                assertThat(job.attempt()).as("no attempt counted").isZero();
                assertThat(job.errors()).isEmpty();
            }
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

    /** close() called with the interrupt already set. */
    private static boolean closeInterrupted(Worker worker) {
        Thread.currentThread().interrupt();
        worker.close();
        return Thread.interrupted();
    }

    /** close() on another thread, interrupted once it waits for the running job. */
    private static boolean interruptWhileClosing(Worker worker) throws Exception {
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread closer = new Thread(
                () -> {
                    worker.close();
                    stillInterrupted.complete(Thread.currentThread().isInterrupted());
                },
                "closer");
        closer.start();
        await("close() waits for the running job")
                .atMost(Duration.ofSeconds(10))
                .until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        closer.interrupt();
        return stillInterrupted.get(20, TimeUnit.SECONDS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Errand.ErrandBuilder memory() {
        return Errand.builder().config(ErrandConfig.empty()).backend("memory");
    }

    /** A backend that is not in-process: the fetcher claims into the local queue, the completer records successes. */
    private static Errand.ErrandBuilder fetching(Backend notInProcess) {
        return Errand.builder().config(ErrandConfig.empty()).backend(notInProcess);
    }
}
