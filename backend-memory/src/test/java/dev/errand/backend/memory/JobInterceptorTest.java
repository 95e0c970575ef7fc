package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.RetryPolicy;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Interceptors on both sides of a job, on a backend that stores headers. */
class JobInterceptorTest {
    /** Adds a header naming the job, and writes down what it hears. */
    static final class Recorder implements JobInterceptor {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public JobHeaders decorate(NewJob job) {
            return job.headers().with("origin", "enqueue-of-" + job.name());
        }

        @Override
        public void enqueued(NewJob job, EnqueueResult result) {
            heard.add("enqueued " + result.id() + (result.duplicate() ? " (duplicate)" : ""));
        }

        @Override
        public AttemptScope beginAttempt(ClaimedJob job) {
            heard.add("begin " + job.name() + " attempt " + job.attempt() + " "
                    + job.headers().get("origin").orElse("-"));
            return (outcome, cause) -> heard.add("end " + outcome + (cause == null ? "" : " " + cause.getMessage()));
        }
    }

    @Test
    void headersAddedAtEnqueue_reachTheAttempt_andEachScopeEndsWithItsOutcome() {
        Recorder recorder = new Recorder();
        try (Errand errand = memory().interceptor(recorder).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            JobId echo = jobs.echo("hi").enqueue();
            JobId flaky = jobs.flaky("k", 1).maxAttempts(2).enqueue();
            assertThat(errand.job(echo).orElseThrow().headers().get("origin")).contains("enqueue-of-TckService.echo");

            var drained = errand.worker()
                    .register(new TckService())
                    .retryPolicy(RetryPolicy.immediate())
                    .build()
                    .drain();

            assertThat(drained.succeeded()).isEqualTo(2);
            assertThat(recorder.heard)
                    .containsExactly(
                            "enqueued " + echo,
                            "enqueued " + flaky,
                            "begin TckService.echo attempt 1 enqueue-of-TckService.echo",
                            "end SUCCEEDED",
                            "begin TckService.flaky attempt 1 enqueue-of-TckService.flaky",
                            "end RETRYABLE flaky failure 1 of 1",
                            "begin TckService.flaky attempt 2 enqueue-of-TckService.flaky",
                            "end SUCCEEDED");
        }
    }

    @Test
    void theLastFailedAttempt_endsDead_withWhatTheJobThrew() {
        Recorder recorder = new Recorder();
        try (Errand errand = memory().interceptor(recorder).build()) {
            new TckServiceJobs(errand).alwaysFail("boom").maxAttempts(1).enqueue();

            errand.worker().register(new TckService()).build().drain();

            assertThat(recorder.heard).endsWith("end DEAD boom");
            assertThat(errand.admin().jobs(dev.errand.spi.JobQuery.all()).jobs())
                    .extracting(j -> j.state())
                    .containsExactly(JobState.DEAD);
        }
    }

    @Test
    void anAttemptPastItsTimeout_endsItsScopeOnTheJobThread_withTheTimeoutTheWorkerReported() {
        Recorder recorder = new Recorder();
        try (Errand errand = memory().interceptor(recorder).build();
                Worker worker = errand.worker()
                        .register(new TckService())
                        .retryPolicy(RetryPolicy.immediate())
                        .threads(1)
                        .start()) {
            new TckServiceJobs(errand).overrun("slow").maxAttempts(1).enqueue();

            await("the scope of the overrunning attempt ended")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> recorder.heard.stream().anyMatch(h -> h.startsWith("end ")));
            assertThat(recorder.heard.stream().filter(h -> h.startsWith("end ")))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("end DEAD job TckService.overrun (id ")
                    .contains("ran longer than its timeout of 300ms");
        }
    }

    @Test
    void anInterceptorThatThrowsOnTheWorker_doesNotFailTheJob() {
        JobInterceptor broken = new JobInterceptor() {
            @Override
            public AttemptScope beginAttempt(ClaimedJob job) {
                throw new IllegalStateException("a broken interceptor");
            }
        };
        Recorder recorder = new Recorder();
        try (Errand errand = memory().interceptor(broken).interceptor(recorder).build()) {
            new TckServiceJobs(errand).echo("hi").enqueue();

            assertThat(errand.worker()
                            .register(new TckService())
                            .build()
                            .drain()
                            .succeeded())
                    .isEqualTo(1);
            assertThat(recorder.heard).contains("end SUCCEEDED");
        }
    }

    @Test
    void anErrorThrownAroundAnAttempt_failsThatAttemptWithIt_andTheThreadGoesOn() {
        // on the memory backend each job thread claims its own batches
        assertAnErrorAroundAttemptOneIsRecordedAndRetried(memory());
    }

    @Test
    void anErrorThrownAroundAnAttempt_failsThatAttemptWithIt_andTheThreadGoesOn_withTheFetcher() {
        // a backend that is not in-process: the fetcher claims and the completer records successes
        Backend notInProcess = new DelegatingBackend(
                new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {};
        assertAnErrorAroundAttemptOneIsRecordedAndRetried(
                Errand.builder().config(ErrandConfig.empty()).backend(notInProcess));
    }

    /** With one job thread: a thread that died, or a job left claimed, would leave the second job unrun. */
    private static void assertAnErrorAroundAttemptOneIsRecordedAndRetried(Errand.ErrandBuilder builder) {
        JobInterceptor missingClass = new JobInterceptor() {
            @Override
            public AttemptScope beginAttempt(ClaimedJob job) {
                if (job.attempt() == 1) {
                    throw new NoClassDefFoundError("com/example/tracing/Span");
                }
                return null;
            }
        };
        try (Errand errand = builder.interceptor(missingClass).build();
                Worker worker = errand.worker()
                        .register(new TckService())
                        .retryPolicy(RetryPolicy.immediate())
                        .threads(1)
                        .start()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            List<JobId> ids = List.of(jobs.echo("a").enqueue(), jobs.echo("b").enqueue());

            await("both jobs succeeded on their second attempt")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> ids.stream()
                            .allMatch(id -> errand.job(id).orElseThrow().state() == JobState.SUCCEEDED));
            for (JobId id : ids) {
                assertThat(errand.job(id).orElseThrow().errors())
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.attempt()).isEqualTo(1);
                            assertThat(e.type()).isEqualTo("java.lang.NoClassDefFoundError");
                            assertThat(e.message()).isEqualTo("com/example/tracing/Span");
                        });
            }
            assertThat(worker.stats().retried()).isEqualTo(2);
        }
    }

    private static Errand.ErrandBuilder memory() {
        return Errand.builder().config(ErrandConfig.empty()).backend("memory");
    }
}
