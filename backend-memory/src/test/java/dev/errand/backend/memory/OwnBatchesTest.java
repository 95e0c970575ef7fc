package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.JobInterceptor;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * On the memory backend each job thread claims a batch of its own, runs it and records its successes itself. A job
 * of the batch that runs long must hold back neither the outcomes of the jobs before it nor the jobs after it, and a
 * graceful stop hands back at once what the batch did not start. One thread, and two jobs enqueued before it starts:
 * its first claim takes both (its share of the room is the thread and one job waiting beyond it).
 */
class OwnBatchesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aSuccess_isRecordedWhileTheSlowJobClaimedAfterItRuns() throws Exception {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend("memory").build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            JobFuture<String> fast = jobs.echo("fast").submit();
            JobFuture<String> slow = jobs.block("slow").submit();
            Worker worker = errand.worker().register(service).threads(1).start();
            assertThat(service.started.await(30, TimeUnit.SECONDS)).isTrue();

            // Without the watch thread's look at the thread's batch, the outcome would wait for the slow job (30 s).
            assertThat(fast.await(WAIT)).isEqualTo("fast");
            assertThat(worker.claimStats().jobs())
                    .as("both jobs came in the thread's first claim")
                    .isEqualTo(2);

            service.release.countDown();
            assertThat(slow.await(WAIT)).isEqualTo("slow");
            worker.close();
        }
    }

    @Test
    void aJobWaitingBehindOneThatRunsPastThePrefetchWindow_goesBackToTheQueue_forAnotherWorker() throws Exception {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend("memory").build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            jobs.block("slow").enqueue(); // within its timeout (5 minutes) until released
            JobId behind = jobs.record("behind").enqueue();
            Worker first = errand.worker()
                    .register(service)
                    .threads(1)
                    .prefetch(Duration.ofMillis(50))
                    .interceptor(
                            new JobInterceptor() { // each attempt begins late: the wait counts from the turn
                                @Override
                                public AttemptScope beginAttempt(ClaimedJob job) {
                                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                                    return AttemptScope.NONE;
                                }
                            })
                    .start();
            assertThat(service.started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.claimStats().jobs())
                    .as("both in the first thread's batch")
                    .isEqualTo(2);
            Worker second = errand.worker().register(service).threads(1).start();

            // Without the hand-back, "behind" would wait for the slow job, held by the first worker.
            await("the job behind the slow one runs on the other worker")
                    .atMost(WAIT)
                    .until(() -> second.jobsDone() == 1);
            assertThat(service.runs("behind")).isEqualTo(1);
            assertThat(errand.job(behind).orElseThrow().attempt())
                    .as("the hand-back counted no attempt")
                    .isEqualTo(1);

            service.release.countDown();
            await("the first worker's batch ended")
                    .atMost(WAIT)
                    .until(() -> first.stats().succeeded() == 1);
            assertThat(service.runs("behind"))
                    .as("the first worker did not run it too")
                    .isEqualTo(1);
            first.close();
            second.close();
            assertThat(service.runs("slow")).isEqualTo(1);
        }
    }

    @Test
    void close_handsBackTheUnstartedJobsOfABatch_atOnce_whileItsRunningJobFinishes() throws Exception {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend("memory").build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            JobFuture<String> slow = jobs.block("slow").submit();
            JobId behind = jobs.record("behind").enqueue();
            Worker worker = errand.worker()
                    .register(service)
                    .threads(1)
                    .shutdownGrace(Duration.ofSeconds(20))
                    .prefetch(Duration.ofMinutes(5)) // the slow job's run alone hands back nothing
                    .start();
            assertThat(service.started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.claimStats().jobs())
                    .as("both in the thread's batch")
                    .isEqualTo(2);

            Thread closer = new Thread(worker::close, "closer");
            closer.start();
            // Handed back as close() begins, not once the slow job ends (which here waits for the check below).
            await("the unstarted job is back in the queue while close() waits for the running one")
                    .atMost(WAIT)
                    .until(() -> errand.job(behind).orElseThrow().state() == JobState.AVAILABLE);
            assertThat(closer.isAlive()).isTrue();

            service.release.countDown();
            closer.join(30_000);
            assertThat(slow.await(WAIT)).isEqualTo("slow");
            assertThat(service.runs("behind")).isZero();
            assertThat(errand.job(behind).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
    }

    @Test
    void aJobPastItsTimeout_handsTheRestOfItsThreadsBatchToAnotherThread() throws Exception {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend("memory").build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            JobId stuck = jobs.stubborn("stuck").enqueue(); // ignores the timeout's interrupt until released
            JobId next = jobs.record("next").enqueue();
            Worker worker = errand.worker()
                    .register(service)
                    .threads(1)
                    .prefetch(Duration.ofMinutes(5)) // only the timeout hands "next" back
                    .start();

            // The stuck thread would run "next" only once released; the thread started in its place runs it now.
            await("the job after the stuck one runs on the replacement thread")
                    .atMost(WAIT)
                    .until(() -> service.runs("next") == 1);
            assertThat(worker.claimStats().jobs())
                    .as("the first claim brought both, the second the one handed back")
                    .isEqualTo(3);
            assertThat(errand.job(stuck).orElseThrow().state()).isEqualTo(JobState.DEAD);

            service.release.countDown();
            worker.close();
            assertThat(service.runs("next"))
                    .as("the stuck thread did not run it again")
                    .isEqualTo(1);
            assertThat(service.runs("stuck")).isEqualTo(1);
            assertThat(errand.job(next).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        }
    }
}
