package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeoutWatchdogTest extends WorkerServicesFixture {
    private final WorkerSettings settings = settings();
    private final HeldJobs held = new HeldJobs(
            settings.threads(), FixedPrefetch.of(settings.threads(), settings.batchSize()), waiting, () -> true, false);
    private final AtomicInteger replacements = new AtomicInteger();
    /** One thread and a 100 ms window, after one attempt of 1 µs: the batch size of 1,000 waits. */
    private final Prefetch prefetch = new Prefetch(1, 1000, Duration.ofMillis(100));

    private final TimeoutWatchdog watchdog = new TimeoutWatchdog(
            runner(settings),
            held,
            new HandBack(backend, held, settings.id()),
            prefetch,
            counters,
            replacements::incrementAndGet,
            () -> true);

    @Test
    void anAttemptPastItsTimeout_isReportedForItsThread_interrupted_andReplaced() {
        JobId id = jobs.overrun("stuck").enqueue(); // timeout 300ms, 2 attempts
        InFlight flight = new InFlight(claim(settings, 1).get(0));
        held.hold(flight);
        Thread stuck = new Thread(() -> {});
        prefetch.ran(1_000);
        assertThat(prefetch.jobs()).isEqualTo(1000);
        long started = 1_000_000_000L;
        flight.started(stuck, started);

        watchdog.check(started + 300_000_000L);
        assertThat(held.holds(flight)).as("still within its timeout").isTrue();

        watchdog.check(started + 300_000_001L);

        assertThat(stuck.isInterrupted()).isTrue();
        assertThat(held.holds(flight)).isFalse();
        assertThat(replacements).hasValue(1);
        assertThat(counters.retried()).isEqualTo(1);
        assertThat(prefetch.jobs())
                .as("the timed-out attempt counts: a mean of 150 ms, one job waits")
                .isEqualTo(1);
        JobInfo info = backend.find(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(info.errors()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AttemptTimeoutException.class.getName());
            assertThat(e.message()).contains("TckService.overrun").contains("300ms");
        });
    }

    @Test
    void anAttemptPastItsTimeout_inAThreadsOwnBatch_handsBackTheJobsAfterIt_forOtherThreads() {
        JobId stuckId = jobs.overrun("stuck").enqueue();
        JobId nextId = jobs.overrun("next").enqueue();
        assertThat(held.tryReserve(2)).isEqualTo(2);
        List<InFlight> batch =
                claim(settings, 2).stream().map(job -> new InFlight(job, true)).toList();
        held.holdOwn(batch);
        InFlight stuck = batch.get(0);
        InFlight next = batch.get(1);
        assertThat(stuck.job.id()).isEqualTo(stuckId);
        assertThat(stuck.claimToRun()).isTrue();
        long started = 1_000_000_000L;
        stuck.started(new Thread(() -> {}), started);

        watchdog.check(started + 300_000_001L);

        assertThat(held.holds(stuck)).isFalse();
        assertThat(held.holds(next)).as("handed back, no longer held").isFalse();
        assertThat(next.claimToRun()).as("its thread can no longer run it").isFalse();
        JobInfo info = backend.find(nextId).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.attempt()).as("a hand-back counts no attempt").isZero();
        assertThat(backend.find(stuckId).orElseThrow().state()).isEqualTo(JobState.RETRYABLE);
    }

    @Test
    void anAttemptItsThreadAlreadyReported_isLeftAlone() {
        jobs.overrun("finished").enqueue();
        InFlight flight = new InFlight(claim(settings, 1).get(0));
        held.hold(flight);
        flight.started(Thread.currentThread(), 0);
        assertThat(flight.settle()).as("its own thread reports first").isTrue();

        watchdog.check(Long.MAX_VALUE);

        assertThat(held.holds(flight)).isTrue();
        assertThat(replacements).hasValue(0);
        assertThat(counters.attempts()).isZero();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aWaitingJob_hasNoTimeoutRunning() {
        jobs.overrun("waiting").enqueue();
        InFlight flight = new InFlight(claim(settings, 1).get(0));
        held.hold(flight);

        watchdog.check(Long.MAX_VALUE);

        assertThat(held.holds(flight)).isTrue();
        assertThat(counters.attempts()).isZero();
    }
}
