package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.codec.Codec;
import dev.errand.codec.JsonCodec;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.AttemptEvent;
import dev.errand.worker.AttemptListener;
import dev.errand.worker.DrainResult;
import dev.errand.worker.RetryPolicy;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

            var drained = drainRetryingAtOnce(errand);

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
    void anInterceptorOrListenerThatThrowsAnError_isSkipped_likeOneThatThrowsAnException() {
        JobInterceptor missingClass = new JobInterceptor() {
            @Override
            public AttemptScope beginAttempt(ClaimedJob job) {
                throw new NoClassDefFoundError("com/example/tracing/Span");
            }
        };
        JobInterceptor failingEnd = new JobInterceptor() {
            @Override
            public AttemptScope beginAttempt(ClaimedJob job) {
                return (outcome, cause) -> {
                    throw new AssertionError("span ended twice");
                };
            }
        };
        AttemptListener missingMeter = new AttemptListener() {
            @Override
            public void finished(AttemptEvent event) {
                throw new NoClassDefFoundError("io/example/metrics/Timer");
            }
        };
        try (Errand errand =
                memory().interceptor(missingClass).interceptor(failingEnd).build()) {
            JobId id = new TckServiceJobs(errand).echo("hi").enqueue();

            var drained = errand.worker()
                    .register(new TckService())
                    .attemptListener(missingMeter)
                    .build()
                    .drain();

            assertThat(drained.succeeded()).isEqualTo(1);
            assertThat(drained.retried()).isZero();
            JobInfo job = errand.job(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(job.errors()).isEmpty();
        }
    }

    @Test
    void anErrorOfTheWorkersOwnCode_failsThatAttemptWithIt_andTheThreadGoesOn() {
        // on the memory backend each job thread claims its own batches
        assertAnErrorDecodingAttemptOneIsRecordedAndRetried(memory());
    }

    @Test
    void anErrorOfTheWorkersOwnCode_failsThatAttemptWithIt_andTheThreadGoesOn_withTheFetcher() {
        // a backend that is not in-process: the fetcher claims and the completer records successes
        assertAnErrorDecodingAttemptOneIsRecordedAndRetried(
                Errand.builder().config(ErrandConfig.empty()).backend(DelegatingBackend.notInProcess()));
    }

    @Test
    void anErrorOfTheWorkersOwnCode_failsThatAttemptWithIt_inADrain() {
        try (Errand errand = memory().codec(new FailingFirstDecodes()).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            List<JobId> ids = List.of(jobs.echo("a").enqueue(), jobs.echo("b").enqueue());

            var drained = drainRetryingAtOnce(errand);

            assertThat(drained.succeeded()).isEqualTo(2);
            assertThat(drained.retried()).isEqualTo(2);
            ids.forEach(id -> assertFirstAttemptFailedWithTheError(errand, id));
        }
    }

    /**
     * The codec runs out of memory decoding each job's first attempt. With one job thread: a thread that died, or a
     * job left claimed, would leave the second job unrun.
     */
    private static void assertAnErrorDecodingAttemptOneIsRecordedAndRetried(Errand.ErrandBuilder builder) {
        try (Errand errand = builder.codec(new FailingFirstDecodes()).build();
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
            ids.forEach(id -> assertFirstAttemptFailedWithTheError(errand, id));
            assertThat(worker.stats().retried()).isEqualTo(2);
        }
    }

    private static void assertFirstAttemptFailedWithTheError(Errand errand, JobId id) {
        assertThat(errand.job(id).orElseThrow().errors()).singleElement().satisfies(e -> {
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.type()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(e.message()).isEqualTo("Java heap space (thrown by the test)");
        });
    }

    /** JSON, except that decoding each payload the first time runs out of memory. */
    private static final class FailingFirstDecodes implements Codec {
        private final JsonCodec json = new JsonCodec();
        private final Set<String> decoded = ConcurrentHashMap.newKeySet();

        @Override
        public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
            return json.encodeArguments(job, args);
        }

        @Override
        public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
            if (decoded.add(new String(payload, StandardCharsets.UTF_8))) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return json.decodeArguments(job, payload);
        }

        @Override
        public byte[] encodeResult(JobDefinition<?> job, Object result) {
            return json.encodeResult(job, result);
        }

        @Override
        public Object decodeResult(JobDefinition<?> job, byte[] bytes) {
            return json.decodeResult(job, bytes);
        }
    }

    private static DrainResult drainRetryingAtOnce(Errand errand) {
        return errand.worker()
                .register(new TckService())
                .retryPolicy(RetryPolicy.immediate())
                .build()
                .drain();
    }

    private static Errand.ErrandBuilder memory() {
        return Errand.builder().config(ErrandConfig.empty()).backend("memory");
    }
}
