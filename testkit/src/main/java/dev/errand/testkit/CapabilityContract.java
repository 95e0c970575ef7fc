package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobError;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.JobQuery;
import dev.errand.spi.Outcome;
import dev.errand.spi.TransactionalEnqueue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The optional {@link Capability capabilities}: each is tested where the backend declares it. Each
 * capability's test is a factory that yields its one test only when the backend declares the
 * capability, so an undeclared capability neither passes nor is skipped: the report simply has no
 * test for it (the capabilities a backend has are its own tests' business, e.g. {@code
 * DurabilityTest}). A backend that declares
 * {@code SHARED} or {@code DURABLE} must let the contract open a second backend on its store
 * ({@link BackendContract#sameStoreBackend}), and one that declares {@code TRANSACTIONAL_ENQUEUE}
 * must give it a connection to its database ({@link BackendContract#connection}); without them
 * these tests fail.
 */
public abstract class CapabilityContract extends ContractArea {
    private final Function<BackendContext, Backend> sameStore;
    private final BackendContract.ConnectionSource connections;

    protected CapabilityContract(
            Function<BackendContext, Backend> factory,
            Function<BackendContext, Backend> sameStore,
            BackendContract.ConnectionSource connections) {
        super(factory);
        this.sameStore = sameStore;
        this.connections = connections;
    }

    /** A second backend on the store; {@code declaring}: the backend under test, which declares SHARED or DURABLE. */
    private Backend openSameStore(Backend declaring) {
        Backend other = sameStore.apply(new BackendContext(ErrandConfig.empty(), clock));
        assertThat(other)
                .as(
                        "backend '%s' declares %s: its contract test must override BackendContract.sameStoreBackend",
                        declaring.name(), declaring.capabilities())
                .isNotNull();
        return other;
    }

    @Test
    void transactionalEnqueue_isDeclaredExactlyWhenTheBackendImplementsIt() {
        assertThat(backend.capabilities().contains(Capability.TRANSACTIONAL_ENQUEUE))
                .as("%s declares TRANSACTIONAL_ENQUEUE == it implements TransactionalEnqueue", backend.name())
                .isEqualTo(backend instanceof TransactionalEnqueue);
    }

    @TestFactory
    Stream<DynamicTest> shared_aSecondBackendOnTheSameStore_claimsAndCompletesWhatTheFirstEnqueued() {
        return whenDeclared(Capability.SHARED, this::sharedStoreIsShared);
    }

    private void sharedStoreIsShared() {
        JobId id = enqueue(job().build()).id();
        try (Backend other = openSameStore(backend)) {
            ClaimedJob claimed = claimOn(other, "other-worker", "q", 1).get(0);
            assertThat(claimed.id()).isEqualTo(id);
            assertThat(state(id)).isEqualTo(JobState.RUNNING);
            assertThat(claim("q", 1)).as("claimed by the other backend").isEmpty();
            assertThat(other.complete(claimed.lease(), null)).isTrue();
            if (backend.capabilities().contains(Capability.BACKGROUND_OUTCOMES)) {
                assertThat(state(id)).isEqualTo(JobState.SUCCEEDED);
            } else { // the store forgets a background job when it ends (Gearman), once it has heard of the end
                org.awaitility.Awaitility.await("job " + id + " forgotten by the store once finished")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> backend.find(id).isEmpty());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> durable_jobsOutliveTheBackend_andTheNextOneOnTheStoreRunsThem() {
        return whenDeclared(Capability.DURABLE, this::jobsOutliveTheBackend);
    }

    private void jobsOutliveTheBackend() {
        JobId waiting = enqueue(job().build()).id();
        JobId running = enqueue(job().queue("r").maxAttempts(2).build()).id();
        claimOne("r");
        JobId later =
                enqueue(job().runAt(clock.instant().plusSeconds(60)).build()).id();
        Backend closed = backend;
        closed.close();
        backend = null;
        backend = openSameStore(closed);

        assertThat(List.of(state(waiting), state(running), state(later)))
                .containsExactly(JobState.AVAILABLE, JobState.RUNNING, JobState.SCHEDULED);
        ClaimedJob first = claimOne("q");
        assertThat(first.id()).isEqualTo(waiting);
        assertThat(backend.complete(first.lease(), null)).isTrue();
        clock.advance(LEASE);
        assertThat(backend.recoverExpiredLeases()).isEqualTo(1);
        assertThat(claimOne("r").id()).isEqualTo(running);
        clock.advance(Duration.ofSeconds(60));
        assertThat(claimOne("q").id()).isEqualTo(later);
    }

    @TestFactory
    Stream<DynamicTest> transactionalEnqueue_theJobCommitsAndRollsBackWithTheCallersTransaction() {
        return whenDeclared(Capability.TRANSACTIONAL_ENQUEUE, this::jobCommitsAndRollsBackWithTheTransaction);
    }

    private void jobCommitsAndRollsBackWithTheTransaction() throws Exception {
        TransactionalEnqueue tx = (TransactionalEnqueue) backend;
        try (Connection c = connections.open()) {
            assertThat(c)
                    .as(
                            "backend '%s' declares TRANSACTIONAL_ENQUEUE: its contract test must override"
                                    + " BackendContract.connection",
                            backend.name())
                    .isNotNull();
            c.setAutoCommit(false);
            JobId rolledBack =
                    tx.enqueue(c, List.of(job().queue("tx").build())).get(0).id();
            assertThat(backend.find(rolledBack))
                    .as("a job enqueued in a transaction not yet committed")
                    .isEmpty();
            c.rollback();
            assertThat(backend.find(rolledBack))
                    .as("a job enqueued in a transaction rolled back")
                    .isEmpty();
            assertThat(claim("tx", 10)).isEmpty();

            JobId committed =
                    tx.enqueue(c, List.of(job().queue("tx").build())).get(0).id();
            c.commit();
            assertThat(state(committed)).isEqualTo(JobState.AVAILABLE);
            assertThat(claimOne("tx").id()).isEqualTo(committed);
        }
    }

    @TestFactory
    Stream<DynamicTest> results_theOutcomeOfASubmittedJobCarriesItsResult() {
        return whenDeclared(Capability.RESULTS, this::outcomeCarriesTheResult);
    }

    private void outcomeCarriesTheResult() throws Exception {
        JobId id = backend.submit(List.of(job().build())).get(0).id();
        CompletableFuture<Outcome> outcome = backend.outcome(id);
        byte[] result = "\"done\"".getBytes(StandardCharsets.UTF_8);
        assertThat(backend.complete(claimOne("q").lease(), result)).isTrue();

        Outcome o = outcome.get(10, TimeUnit.SECONDS);
        assertThat(o.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(o.result()).isEqualTo(result);
    }

    @TestFactory
    Stream<DynamicTest> backgroundOutcomes_anEnqueuedJobsOutcomeIsKnown_whileWaitingAndOnceFinished() {
        return whenDeclared(Capability.BACKGROUND_OUTCOMES, this::enqueuedJobsHaveOutcomes);
    }

    private void enqueuedJobsHaveOutcomes() throws Exception {
        JobId id = enqueue(job().build()).id();
        CompletableFuture<Outcome> waiting = backend.outcome(id);
        assertThat(backend.complete(claimOne("q").lease(), null)).isTrue();

        assertThat(waiting.get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(backend.outcome(id).get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @TestFactory
    Stream<DynamicTest> scheduling_aJobWaitsForItsRunAt() {
        return whenDeclared(Capability.SCHEDULING, this::jobWaitsForRunAt);
    }

    private void jobWaitsForRunAt() {
        JobId id = enqueue(job().runAt(clock.instant().plusSeconds(60)).build()).id();
        assertThat(state(id)).isEqualTo(JobState.SCHEDULED);
        assertThat(claim("q", 10)).as("claimed before its runAt").isEmpty();

        clock.advance(Duration.ofSeconds(60));
        assertThat(claimOne("q").id()).isEqualTo(id);
    }

    @TestFactory
    Stream<DynamicTest> cancel_aJobNotStartedIsCancelled_andNeverRuns() {
        return whenDeclared(Capability.CANCEL, this::notStartedJobIsCancelled);
    }

    private void notStartedJobIsCancelled() throws Exception {
        JobId id = enqueue(job().build()).id();
        assertThat(backend.cancel(id)).isTrue();

        assertThat(state(id)).isEqualTo(JobState.CANCELLED);
        assertThat(claim("q", 10)).isEmpty();
        if (backend.capabilities().contains(Capability.BACKGROUND_OUTCOMES)) {
            assertThat(backend.outcome(id).get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
        }
    }

    @TestFactory
    Stream<DynamicTest> queues_aJobIsClaimedFromItsQueueOnly() {
        return whenDeclared(Capability.QUEUES, this::jobsAreRoutedByQueue);
    }

    private void jobsAreRoutedByQueue() {
        JobId a = enqueue(job().queue("a").build()).id();
        JobId b = enqueue(job().queue("b").build()).id();

        assertThat(claim("b", 10)).extracting(ClaimedJob::id).containsExactly(b);
        assertThat(claim("a", 10)).extracting(ClaimedJob::id).containsExactly(a);
        assertThat(info(a).queue()).isEqualTo("a");
    }

    @TestFactory
    Stream<DynamicTest> perCallMaxAttempts_eachJobKeepsItsOwnAttemptLimit() {
        return whenDeclared(Capability.PER_CALL_MAX_ATTEMPTS, this::jobsKeepTheirOwnAttemptLimit);
    }

    private void jobsKeepTheirOwnAttemptLimit() {
        JobId seven = enqueue(job().name("Tck.m").maxAttempts(7).build()).id();
        JobId two = enqueue(job().name("Tck.m").maxAttempts(2).build()).id();

        assertThat(info(seven).maxAttempts()).isEqualTo(7);
        assertThat(info(two).maxAttempts()).isEqualTo(2);
        List<ClaimedJob> claimed = claim("q", 2);
        assertThat(claimed)
                .extracting(ClaimedJob::id, ClaimedJob::maxAttempts)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(seven, 7), org.assertj.core.groups.Tuple.tuple(two, 2));
    }

    @TestFactory
    Stream<DynamicTest> headers_areStoredWithTheJob_andComeBackOnClaimFindListAndRetry() {
        return whenDeclared(Capability.HEADERS, this::headersRoundTrip);
    }

    private void headersRoundTrip() {
        JobHeaders trace = JobHeaders.of(Map.of(
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
        JobId traced = enqueue(job().headers(trace).build()).id();
        JobId plain = enqueue(job().build()).id();

        assertThat(info(traced).headers()).isEqualTo(trace);
        assertThat(info(plain).headers()).as("a job enqueued without headers").isEqualTo(JobHeaders.empty());
        assertThat(backend.listJobs(JobQuery.all()).jobs())
                .extracting(JobInfo::id, JobInfo::headers)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(traced, trace),
                        org.assertj.core.groups.Tuple.tuple(plain, JobHeaders.empty()));

        ClaimedJob first = claimOne("q");
        assertThat(first.id()).isEqualTo(traced);
        assertThat(first.headers()).isEqualTo(trace);
        assertThat(backend.fail(first.lease(), new JobError(1, clock.instant(), "E", "boom", ""), clock.instant()))
                .isTrue();
        ClaimedJob[] claimed = claim("q", 2).toArray(ClaimedJob[]::new);
        assertThat(claimed)
                .as("the retried job keeps its headers")
                .extracting(ClaimedJob::id, ClaimedJob::headers)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(traced, trace),
                        org.assertj.core.groups.Tuple.tuple(plain, JobHeaders.empty()));
    }

    @TestFactory
    Stream<DynamicTest> headers_atTheLimits_comeBackWhole() {
        return whenDeclared(Capability.HEADERS, this::headersAtTheLimits);
    }

    /** As many headers as allowed, the longest encoded form allowed, with every character a value may hold. */
    private void headersAtTheLimits() {
        Map<String, String> many = new java.util.TreeMap<>();
        String printable = java.util.stream.IntStream.rangeClosed(' ', '~')
                .mapToObj(c -> String.valueOf((char) c))
                .collect(java.util.stream.Collectors.joining());
        for (int i = 0; i < JobHeaders.MAX_ENTRIES; i++) {
            many.put("h" + (char) ('a' + i), printable);
        }
        int room = JobHeaders.MAX_ENCODED_LENGTH - JobHeaders.of(many).encode().length();
        for (Map.Entry<String, String> e : many.entrySet()) {
            int more = Math.min(room, JobHeaders.MAX_VALUE_LENGTH - e.getValue().length());
            e.setValue(e.getValue() + "x".repeat(more));
            room -= more;
        }
        JobHeaders full = JobHeaders.of(many);
        assertThat(full.encode()).hasSize(JobHeaders.MAX_ENCODED_LENGTH);

        JobId id = enqueue(job().headers(full).build()).id();
        assertThat(claimOne("q").headers()).isEqualTo(full);
        assertThat(info(id).headers()).isEqualTo(full);
    }
}
