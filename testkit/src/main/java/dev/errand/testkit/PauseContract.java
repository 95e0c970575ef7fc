package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Pausing a queue, on the real clock with real workers: a paused queue accepts jobs and no worker claims from it,
 * jobs already running finish, and a resume lets workers claim again within about a second.
 */
public abstract class PauseContract extends RealClockArea {
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected PauseContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    private Worker startWorker(String... queues) {
        Worker w = errand.worker()
                .register(service)
                .queues(queues)
                .threads(2)
                .lease(Duration.ofSeconds(5))
                .shutdownGrace(Duration.ofSeconds(10))
                .start();
        workers.add(w);
        return w;
    }

    private JobState awaitState(JobId id, JobState wanted) {
        await("job " + id + " to be " + wanted)
                .atMost(WAIT)
                .until(() -> errand.job(id).orElseThrow().state() == wanted);
        return wanted;
    }

    @Test
    void aPausedQueue_acceptsJobs_butNoWorkerClaimsThem_untilItIsResumed() {
        errand.admin().pause("held");
        startWorker("held", "open");

        JobId held = jobs.record("held-job").queue("held").enqueue();
        JobId open = jobs.record("open-job").queue("open").enqueue();
        awaitState(open, JobState.SUCCEEDED);

        assertThat(errand.job(held).orElseThrow().state())
                .as("job on the paused queue")
                .isEqualTo(JobState.AVAILABLE);
        assertThat(service.runs("held-job")).isZero();
        assertThat(errand.admin().pausedQueues()).containsExactly("held");

        errand.admin().resume("held");

        awaitState(held, JobState.SUCCEEDED);
        assertThat(service.runs("held-job")).isEqualTo(1);
    }

    @Test
    void pausingAQueue_letsTheJobAlreadyRunningFinish() throws Exception {
        service.started = new CountDownLatch(1);
        Worker first = startWorker("held");
        JobId running = jobs.block("first").queue("held").enqueue();
        assertThat(service.started.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        errand.admin().pause("held");
        service.release.countDown();
        awaitState(running, JobState.SUCCEEDED);
        assertThat(service.runs("first")).isEqualTo(1);
        first.close(); // a running worker sees the pause within a second (PausedQueuesTest); one started now, at once
        startWorker("held");
        JobId waiting = jobs.record("after-pause").queue("held").enqueue();
        JobId marker = jobs.record("marker").queue("open").enqueue();
        startWorker("open");
        awaitState(marker, JobState.SUCCEEDED);
        assertThat(errand.job(waiting).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);

        errand.admin().resume("held");

        awaitState(waiting, JobState.SUCCEEDED);
        assertThat(service.runs("after-pause")).isEqualTo(1);
    }

    @Test
    void drain_leavesAPausedQueueAlone() {
        errand.admin().pause("held");
        JobId held = jobs.record("held-drain").queue("held").enqueue();
        JobId open = jobs.record("open-drain").queue("open").enqueue();

        errand.worker().register(service).queues("held", "open").build().drain();

        assertThat(errand.job(open).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(errand.job(held).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        errand.admin().resume("held");
        errand.worker().register(service).queues("held").build().drain();
        assertThat(errand.job(held).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }
}
