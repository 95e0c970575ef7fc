package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Worker.close()} returns only after the supervisor's backend call in progress has ended: the caller closes
 * the backend next, and a lease rescue still running on it failed with "HikariDataSource has been closed".
 */
class WorkerStopTest {

    @Test
    void close_waitsForTheSupervisorsBackendCallInProgress() throws Exception {
        MemoryBackend memory = new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
        CountDownLatch rescueEntered = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicBoolean rescueEnded = new AtomicBoolean();
        // Like a JDBC call, the rescue ignores the interrupt that stopping the supervisor sends.
        DelegatingBackend slowRescue = new DelegatingBackend(memory) {
            @Override
            public int recoverExpiredLeases() {
                if (rescueEntered.getCount() > 0) {
                    rescueEntered.countDown();
                    release.join();
                    rescueEnded.set(true);
                }
                return delegate.recoverExpiredLeases();
            }
        };
        try (Errand errand = Errand.builder().backend(slowRescue).build()) {
            Worker worker =
                    errand.worker().register(new TckService()).threads(1).start();
            assertThat(rescueEntered.await(10, TimeUnit.SECONDS))
                    .as("the worker's first lease rescue")
                    .isTrue();

            CompletableFuture<Boolean> endedWhenCloseReturned = new CompletableFuture<>();
            Thread closer = new Thread(
                    () -> {
                        worker.close();
                        endedWhenCloseReturned.complete(rescueEnded.get());
                    },
                    "closer");
            closer.start();
            // The rescue ends only once close() has returned (it did not wait) or waits for the supervisor (it does).
            await("close() returns or waits for the supervisor")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(1))
                    .untilAsserted(() -> assertThat(endedWhenCloseReturned.isDone() || waitsForTheSupervisor(closer))
                            .as(
                                    "close() neither returned nor waited for the supervisor;" + " it is %s at %s",
                                    closer.getState(), List.of(closer.getStackTrace()))
                            .isTrue());
            release.complete(null);

            assertThat(endedWhenCloseReturned.get(20, TimeUnit.SECONDS))
                    .as("the rescue had ended when close() returned")
                    .isTrue();
        }
    }

    @Test
    void aJobStillRunningWhenTheGracePeriodEnds_isInterrupted_andGoesBackUnrun() throws Exception {
        assertStoppedJobGoesBackUnrun(false);
    }

    @Test
    void aJobThatWrapsTheInterruptOfTheStop_goesBackUnrunToo() throws Exception {
        assertStoppedJobGoesBackUnrun(true);
    }

    private static void assertStoppedJobGoesBackUnrun(boolean wrapsTheInterrupt) throws Exception {
        TckService tck = new TckService();
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend("memory")
                .property("errand.worker.shutdownGrace", "200ms")
                .build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            JobId id = (wrapsTheInterrupt ? jobs.blockWrapped("deploy") : jobs.block("deploy"))
                    .maxAttempts(1)
                    .enqueue();
            Worker worker = errand.worker().register(tck).threads(1).start();
            assertThat(tck.started.await(10, TimeUnit.SECONDS)).isTrue();

            worker.close();

            await("the interrupted job is back in the queue")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> errand.job(id).orElseThrow().state() != JobState.RUNNING);
            JobInfo job = errand.job(id).orElseThrow();
            assertThat(job.state())
                    .as("a stop is not the job's failure: on its last attempt it is not dead")
                    .isEqualTo(JobState.AVAILABLE);
            assertThat(job.attempt()).isZero();
            assertThat(job.errors()).isEmpty();
        } finally {
            tck.release.countDown();
        }
    }

    /** True when {@code thread} is blocked in an executor's {@code awaitTermination} called by the worker runtime. */
    private static boolean waitsForTheSupervisor(Thread thread) {
        if (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            return false;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i + 1 < stack.length; i++) {
            if (stack[i].getMethodName().equals("awaitTermination")
                    && stack[i + 1].getClassName().startsWith(Worker.class.getPackageName() + ".")) {
                return true;
            }
        }
        return false;
    }
}
