package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalQueueTest extends WorkerServicesFixture {

    @Test
    void theStopSignal_reachesEveryJobThread_afterTheJobsAheadOfIt() throws Exception {
        jobs.record("a").enqueue();
        InFlight a = new InFlight(claim(settings(), 1).get(0));
        waiting.add(a);
        waiting.stop();

        assertThat(waiting.take()).isSameAs(a);
        assertThat(waiting.take()).as("first thread told to stop").isNull();
        assertThat(CompletableFuture.supplyAsync(this::takeUnchecked).get(10, TimeUnit.SECONDS))
                .as("second thread told to stop")
                .isNull();
    }

    @Test
    void nothingWaiting_countsTheStopSignalAsNothing() {
        assertThat(waiting.nothingWaiting()).isTrue();
        waiting.stop();
        assertThat(waiting.nothingWaiting()).isTrue();
    }

    @Test
    void drainWaiting_returnsTheJobs_withoutTheStopSignal() {
        jobs.record("a").enqueue();
        jobs.record("b").enqueue();
        claim(settings(), 2).forEach(j -> waiting.add(new InFlight(j)));
        assertThat(waiting.nothingWaiting()).isFalse();
        waiting.stop();

        assertThat(waiting.drainWaiting()).hasSize(2);
        assertThat(waiting.nothingWaiting()).isTrue();
    }

    private InFlight takeUnchecked() {
        try {
            return waiting.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
