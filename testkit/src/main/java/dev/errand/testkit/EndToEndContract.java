package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.errand.JobFailedException;
import dev.errand.JobFuture;
import dev.errand.Settled;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.worker.RetryPolicy;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole path on the real clock: generated stub → client → backend → worker → dispatcher,
 * and back through {@code submit}/{@code call}. A test that needs a {@link Capability} runs where the backend declares
 * it ({@link #whenDeclared}): awaiting a background job's outcome and its stored errors ({@code BACKGROUND_OUTCOMES}),
 * results ({@code RESULTS}), another queue ({@code QUEUES}), a delay ({@code SCHEDULING}).
 */
public abstract class EndToEndContract extends RealClockArea {
    protected EndToEndContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    protected final ConcurrentLinkedQueue<String> timingLines = new ConcurrentLinkedQueue<>();

    protected Worker startWorker(int threads) {
        Worker w = errand.worker()
                .register(service)
                .threads(threads)
                .retryPolicy(RetryPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(50)))
                .lease(Duration.ofSeconds(5))
                .shutdownGrace(Duration.ofSeconds(10))
                .timingListener(timingLines::add)
                .start();
        workers.add(w);
        return w;
    }

    @TestFactory
    Stream<DynamicTest> call_returnsTheResult() {
        return whenDeclared(Capability.RESULTS, this::call_returnsTheResultTest);
    }

    private void call_returnsTheResultTest() {
        startWorker(2);

        assertThat(jobs.echo("hello").call(WAIT)).isEqualTo("hello");
        assertThat(jobs.add(2, 3).call(WAIT)).isEqualTo(5);
        assertThat(jobs.total(List.of(1, 2, 3), Map.of("a", 4, "b", 5)).call(WAIT))
                .isEqualTo(new TckService.Totals(6, 9));
    }

    @TestFactory
    Stream<DynamicTest> enqueue_runsInTheBackground() {
        return whenDeclared(Capability.BACKGROUND_OUTCOMES, this::enqueue_runsInTheBackgroundTest);
    }

    private void enqueue_runsInTheBackgroundTest() throws Exception {
        startWorker(2);

        JobId id = jobs.record("bg").enqueue();

        JobInfo info = awaitFinal(id);
        assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(service.runs("bg")).isEqualTo(1);
    }

    @TestFactory
    Stream<DynamicTest> call_onAJobThatDies_throwsTheRemoteTypeAndMessage_afterEveryAttempt() {
        return whenDeclared(Capability.RESULTS, this::callOfAJobThatDies);
    }

    /** With the store's error history, the caller also gets the last attempt's number and stack trace. */
    @TestFactory
    Stream<DynamicTest> call_onAJobThatDies_throwsTheRemoteError() {
        return whenDeclared(Capability.RESULTS, Capability.BACKGROUND_OUTCOMES, () -> {
            JobFailedException f = callOfAJobThatDies();
            if (!has(ContractTrait.ERRORS_WITHOUT_TRACE)) {
                assertThat(f.remoteStackTrace()).contains("TckService.alwaysFail");
            }
            assertThat(f.error().attempt()).isEqualTo(3);
        });
    }

    /** A call of a job that fails on each of its 3 attempts: the caller gets the error's type and message. */
    private JobFailedException callOfAJobThatDies() {
        startWorker(2);

        JobFailedException f =
                catchThrowableOfType(() -> jobs.alwaysFail("disk full").call(WAIT), JobFailedException.class);
        assertThat(f)
                .as("the call of a job that always fails")
                .isNotNull()
                .hasMessageContaining("TckService.alwaysFail")
                .hasMessageContaining("java.lang.IllegalStateException: disk full");
        assertThat(f.remoteType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(f.remoteMessage()).isEqualTo("disk full");
        assertThat(service.runs("alwaysFail")).isEqualTo(3);
        return f;
    }

    @TestFactory
    Stream<DynamicTest> deadJob_keepsEveryAttemptsError() {
        return whenDeclared(Capability.BACKGROUND_OUTCOMES, this::deadJob_keepsEveryAttemptsErrorTest);
    }

    private void deadJob_keepsEveryAttemptsErrorTest() throws Exception {
        startWorker(1);

        JobId id = jobs.alwaysFail("nope").enqueue();

        JobInfo info = awaitFinal(id);
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors())
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.message()).isEqualTo("nope"));
        assertThat(info.errors()).extracting(dev.errand.job.JobError::attempt).containsExactly(1, 2, 3);
    }

    @TestFactory
    Stream<DynamicTest> failedAttempts_areRetriedWithBackoff_untilTheJobSucceeds() {
        return whenDeclared(Capability.RESULTS, this::failedAttempts_areRetriedWithBackoff_untilTheJobSucceedsTest);
    }

    private void failedAttempts_areRetriedWithBackoff_untilTheJobSucceedsTest() {
        startWorker(2);

        assertThat(jobs.flaky("f", 2).call(WAIT)).isEqualTo(3);
        assertThat(timingLines)
                .filteredOn(l -> l.contains("fn=TckService.flaky"))
                .extracting(l -> l.replaceAll(".* attempt=(\\d+) status=(\\w+) .*", "$1:$2"))
                .containsExactly("1:retry", "2:retry", "3:ok");
    }

    @TestFactory
    Stream<DynamicTest> submitMany_thenAwaitAll_returnsResultsInOrder() {
        return whenDeclared(Capability.RESULTS, this::submitMany_thenAwaitAll_returnsResultsInOrderTest);
    }

    private void submitMany_thenAwaitAll_returnsResultsInOrderTest() {
        startWorker(4);
        List<dev.errand.JobCall<String>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(jobs.echo("v" + i));
        }

        List<JobFuture<String>> futures = errand.submitAll(calls);
        List<String> values = JobFuture.awaitAll(futures, WAIT);

        assertThat(values).hasSize(50).startsWith("v0", "v1").endsWith("v49");
    }

    @TestFactory
    Stream<DynamicTest> settleAll_collectsFailuresNextToResults() {
        return whenDeclared(Capability.RESULTS, this::settleAll_collectsFailuresNextToResultsTest);
    }

    private void settleAll_collectsFailuresNextToResultsTest() {
        startWorker(4);
        List<JobFuture<?>> futures =
                List.of(jobs.echo("ok").submit(), jobs.alwaysFail("bad").submit());

        List<Settled<Object>> settled = JobFuture.settleAll(futures, WAIT);

        assertThat(settled.get(0).succeeded()).isTrue();
        assertThat(settled.get(0).value()).isEqualTo("ok");
        assertThat(settled.get(1).succeeded()).isFalse();
        assertThat(settled.get(1).failure())
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("bad");
    }

    @TestFactory
    Stream<DynamicTest> awaitAll_failsFast_onTheFirstDeadJob() {
        return whenDeclared(Capability.RESULTS, this::awaitAll_failsFast_onTheFirstDeadJobTest);
    }

    private void awaitAll_failsFast_onTheFirstDeadJobTest() {
        startWorker(2);
        JobFuture<String> slow = jobs.block("held").submit();
        JobFuture<Void> dead = jobs.alwaysFail("early").submit();

        assertThatThrownBy(() -> JobFuture.awaitAll(List.of(slow, dead), WAIT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("early");
        assertThat(slow).isNotDone();
        service.release.countDown();
        assertThat(slow.await(WAIT)).isEqualTo("held");
    }

    @Test
    void manyProducers_andManyWorkerThreads_runEachJobExactlyOnce() throws Exception {
        startWorker(8);
        int producers = 4;
        int perProducer = 250;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<List<JobFuture<Void>>>> sent = new ArrayList<>();
        try {
            for (int p = 0; p < producers; p++) {
                int producer = p;
                sent.add(pool.submit(() -> {
                    List<JobFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < perProducer; i++) {
                        mine.add(jobs.record("p" + producer + "-" + i).submit());
                    }
                    return mine;
                }));
            }
            List<JobFuture<Void>> all = new ArrayList<>();
            for (Future<List<JobFuture<Void>>> f : sent) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            JobFuture.awaitAll(all, Duration.ofSeconds(60));
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.runs).hasSize(producers * perProducer);
        assertThat(service.runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @TestFactory
    Stream<DynamicTest> enqueueAll_storesABatch_andEveryJobRuns() {
        return whenDeclared(Capability.BACKGROUND_OUTCOMES, this::enqueueAll_storesABatch_andEveryJobRunsTest);
    }

    private void enqueueAll_storesABatch_andEveryJobRunsTest() throws Exception {
        List<dev.errand.JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(jobs.record("batch-" + i));
        }
        List<JobId> ids = errand.enqueueAll(calls);
        startWorker(4);

        for (JobId id : ids) {
            assertThat(awaitFinal(id).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(service.runs).hasSize(200);
    }

    @TestFactory
    Stream<DynamicTest> workerWithMaxJobs_runsThatManyJobs_thenStopsByItself_leavingTheRestQueued() {
        return whenDeclared(
                Capability.BACKGROUND_OUTCOMES,
                this::workerWithMaxJobs_runsThatManyJobs_thenStopsByItself_leavingTheRestQueuedTest);
    }

    private void workerWithMaxJobs_runsThatManyJobs_thenStopsByItself_leavingTheRestQueuedTest() throws Exception {
        List<dev.errand.JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(jobs.record("limited-" + i));
        }
        List<JobId> ids = errand.enqueueAll(calls);
        Worker limited = errand.worker().register(service).threads(3).maxJobs(4).start();

        limited.stopped().get(30, TimeUnit.SECONDS);

        assertThat(limited.isStopped()).isTrue();
        assertThat(limited.jobsClaimed()).isEqualTo(4);
        assertThat(limited.jobsDone()).isEqualTo(4);
        assertThat(service.runs).hasSize(4);
        limited.close(); // a no-op once stopped
        startWorker(2);
        for (JobId id : ids) {
            assertThat(awaitFinal(id).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(service.runs.values())
                .hasSize(10)
                .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @TestFactory
    Stream<DynamicTest> jobPastItsTimeout_isInterrupted_andRetriedUntilDead() {
        return whenDeclared(
                Capability.RESULTS,
                Capability.BACKGROUND_OUTCOMES,
                this::jobPastItsTimeout_isInterrupted_andRetriedUntilDeadTest);
    }

    private void jobPastItsTimeout_isInterrupted_andRetriedUntilDeadTest() throws Exception {
        startWorker(2);

        JobId id = jobs.overrun("slow").enqueue();

        JobInfo info = awaitFinal(id);
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors()).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("dev.errand.worker.AttemptTimeoutException");
            assertThat(e.message()).contains("TckService.overrun").contains("300ms");
        });
        assertThat(jobs.echo("still alive").call(WAIT)).isEqualTo("still alive");
    }

    @TestFactory
    Stream<DynamicTest> shutdown_letsTheRunningJobFinish_andLeavesQueuedJobsForTheNextWorker() {
        return whenDeclared(
                Capability.RESULTS,
                Capability.BACKGROUND_OUTCOMES,
                this::shutdown_letsTheRunningJobFinish_andLeavesQueuedJobsForTheNextWorkerTest);
    }

    private void shutdown_letsTheRunningJobFinish_andLeavesQueuedJobsForTheNextWorkerTest() throws Exception {
        Worker first = errand.worker()
                .register(service)
                .threads(1)
                .shutdownGrace(Duration.ofSeconds(20))
                .start();
        workers.add(first); // closed after the test too, should it fail before its own close()
        JobFuture<String> running = jobs.block("inflight").submit();
        assertThat(service.started.await(30, TimeUnit.SECONDS)).isTrue();
        JobId queued = jobs.record("queued").enqueue();

        Thread closer = new Thread(first::close);
        closer.start();
        // Release the job only once close() is waiting for it, so the worker is surely stopping
        // and cannot claim the queued job when its thread frees up.
        await("close() waits for the running job")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        service.release.countDown();
        closer.join(30_000);

        assertThat(running.await(WAIT)).isEqualTo("inflight");
        assertThat(state(queued))
                .as("the queued job once the first worker closed: %s", info(queued))
                .isEqualTo(JobState.AVAILABLE);
        startWorker(1);
        assertThat(awaitFinal(queued).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(service.runs("queued")).isEqualTo(1);
    }

    /**
     * Graceful stops in the middle of a drain, as a deploy or a recycled manager child does them: after each stop every
     * job that ran is recorded SUCCEEDED and every other one is back in the queue, none left RUNNING to run again once
     * its lease expires; in the end each job ran exactly once.
     */
    @TestFactory
    Stream<DynamicTest> gracefulStopsMidDrain_leaveEveryJobThatRanRecorded_andEachRunsExactlyOnce() {
        return whenDeclared(
                Capability.BACKGROUND_OUTCOMES,
                this::gracefulStopsMidDrain_leaveEveryJobThatRanRecorded_andEachRunsExactlyOnceTest);
    }

    private void gracefulStopsMidDrain_leaveEveryJobThatRanRecorded_andEachRunsExactlyOnceTest() throws Exception {
        int total = 2400;
        int stops = 3;
        List<dev.errand.JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            calls.add(jobs.pace("drain-" + i, 200));
        }
        List<JobId> ids = errand.enqueueAll(calls);

        for (int stop = 1; stop <= stops; stop++) {
            Worker worker = startWorker(8);
            int target = total * stop / (stops + 1);
            await(target + " jobs ran before graceful stop " + stop)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> service.runs.size() >= target);
            worker.close();

            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                JobState expected = service.runs("drain-" + i) > 0 ? JobState.SUCCEEDED : JobState.AVAILABLE;
                JobState actual = backend.find(ids.get(i)).orElseThrow().state();
                if (actual != expected) {
                    wrong.add("drain-" + i + " (id " + ids.get(i) + ", ran " + service.runs("drain-" + i) + "x): "
                            + actual + " instead of " + expected);
                }
            }
            assertThat(wrong)
                    .as(
                            "jobs in the wrong state after graceful stop %d of %d at %d of %d jobs run",
                            stop, stops, service.runs.size(), total)
                    .isEmpty();
        }

        startWorker(8);
        for (JobId id : ids) {
            assertThat(awaitFinal(id).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(service.runs).hasSize(total);
        assertThat(service.runs.values())
                .allSatisfy(n -> assertThat(n.get()).as("runs of one job").isEqualTo(1));
    }

    @TestFactory
    Stream<DynamicTest> timingLog_hasOneLinePerAttempt_withTheFixedKeys() {
        return whenDeclared(Capability.RESULTS, this::timingLog_hasOneLinePerAttempt_withTheFixedKeysTest);
    }

    private void timingLog_hasOneLinePerAttempt_withTheFixedKeysTest() {
        startWorker(1);

        jobs.echo("t").call(WAIT);

        assertThat(timingLines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .matches(
                                "ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z fn=TckService\\.echo id=\\S+ queue=tck attempt=1 "
                                        + "status=ok delay_ms=\\d+\\.\\d{3} process_ms=\\d+\\.\\d{3} backend="
                                        + backend.name()
                                        + " worker=\\S+:\\d+:\\S+"));
    }

    @TestFactory
    Stream<DynamicTest> aJobLongerThanItsLease_isNotRedelivered_whileItsWorkerHeartbeats() {
        return whenDeclared(
                Capability.RESULTS, this::aJobLongerThanItsLease_isNotRedelivered_whileItsWorkerHeartbeatsTest);
    }

    private void aJobLongerThanItsLease_isNotRedelivered_whileItsWorkerHeartbeatsTest() throws Exception {
        Duration shortLease = Duration.ofMillis(600);
        for (int i = 0; i < 2; i++) { // the second worker would take the job over if a lease lapsed
            workers.add(errand.worker()
                    .register(service)
                    .threads(1)
                    .lease(shortLease)
                    .start());
        }
        service.started = new CountDownLatch(2);

        JobFuture<String> running = jobs.block("long").submit();
        await("the first attempt started")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> service.started.getCount() < 2);
        assertThat(service.started.await(5 * shortLease.toMillis(), TimeUnit.MILLISECONDS))
                .as("a second attempt started although the first one's worker was alive and heartbeating")
                .isFalse();
        service.release.countDown();

        assertThat(running.await(WAIT)).isEqualTo("long");
        JobInfo info = awaitFinal(running.id());
        assertThat(info.attempt()).isEqualTo(1);
        assertThat(info.errors()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> call_whoseWorkerNeverComes_timesOutClearly_andTheJobStaysQueryable() {
        return whenDeclared(
                Capability.RESULTS,
                Capability.QUEUES,
                this::call_whoseWorkerNeverComes_timesOutClearly_andTheJobStaysQueryableTest);
    }

    private void call_whoseWorkerNeverComes_timesOutClearly_andTheJobStaysQueryableTest() {
        dev.errand.JobCall<String> call = jobs.echo("nobody serves this").queue("unserved");

        assertThatThrownBy(() -> call.call(Duration.ofMillis(300)))
                .isInstanceOf(dev.errand.JobTimeoutException.class)
                .hasMessageContaining("TckService.echo")
                .hasMessageContaining("did not finish within 300ms")
                .hasMessageContaining("AVAILABLE")
                .hasMessageContaining("unserved")
                .satisfies(e -> assertThat(backend.find(((dev.errand.JobTimeoutException) e).jobId())
                                .orElseThrow()
                                .state())
                        .isEqualTo(JobState.AVAILABLE));
    }

    @TestFactory
    Stream<DynamicTest> cancel_ofAQueuedJob_cancelsItsFuture() {
        return whenDeclared(Capability.RESULTS, Capability.SCHEDULING, this::cancel_ofAQueuedJob_cancelsItsFutureTest);
    }

    private void cancel_ofAQueuedJob_cancelsItsFutureTest() {
        JobFuture<String> f = jobs.echo("never").delay(Duration.ofHours(1)).submit();

        assertThat(f.cancel(false)).isTrue();

        assertThat(f).isCancelled();
        assertThat(state(f.id())).isEqualTo(JobState.CANCELLED);
    }

    /** Waits for the job's outcome through the backend, then reads its final state. */
    protected JobInfo awaitFinal(JobId id) throws Exception {
        backend.outcome(id).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return info(id);
    }
}
