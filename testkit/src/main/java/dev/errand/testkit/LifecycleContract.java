package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.spi.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** After the claim: complete, fail, retry, die, renew, release, recover, cancel, outcomes, fencing. */
public abstract class LifecycleContract extends ContractArea {
    private static final Duration MICROSECOND = Duration.ofNanos(1_000);

    protected LifecycleContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    private JobError error(int attempt, String message) {
        return new JobError(
                attempt, clock.instant(), "java.lang.IllegalStateException", message, "at Tck.job(Tck.java:1)");
    }

    @TestFactory
    Stream<DynamicTest> complete_marksSucceeded_andDeliversTheResult() {
        return whenDeclared(Capability.RESULTS, () -> {
            JobId id = enqueue(job().build()).id();
            CompletableFuture<Outcome> waiting = backend.outcome(id);
            ClaimedJob c = claimOne("q");
            assertThat(waiting).isNotDone();

            assertThat(backend.complete(c.lease(), "42".getBytes(StandardCharsets.UTF_8)))
                    .isTrue();

            Outcome o = waiting.get(10, TimeUnit.SECONDS);
            assertThat(o.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(new String(o.result(), StandardCharsets.UTF_8)).isEqualTo("42");
            JobInfo info = info(id);
            assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(info.finishedAt()).isPresent();
        });
    }

    @Test
    void outcome_ofAFinishedJob_completesAtOnce() throws Exception {
        JobId id = enqueue(job().build()).id();
        backend.complete(claimOne("q").lease(), null);

        Outcome o = backend.outcome(id).get(10, TimeUnit.SECONDS);

        assertThat(o.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(o.result()).isNull();
    }

    @Test
    void outcome_ofAnUnknownJob_failsWithNoSuchElement() {
        assertThatThrownBy(() -> backend.outcome(JobId.of("987654321")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void fail_withRetryAt_makesTheJobRetryable_andAvailableWhenDue() {
        JobId id = enqueue(job().build()).id();
        ClaimedJob first = claimOne("q");

        assertThat(backend.fail(first.lease(), error(1, "boom"), clock.instant().plusSeconds(10)))
                .isTrue();

        JobInfo info = info(id);
        assertThat(info.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(info.errors()).extracting(JobError::message).containsExactly("boom");
        assertThat(claim("q", 1)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        ClaimedJob second = claimOne("q");
        assertThat(second.id()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
    }

    @Test
    void fail_withoutRetryAt_makesTheJobDead_keepingEveryError() throws Exception {
        JobId id = enqueue(job().build()).id();
        backend.fail(claimOne("q").lease(), error(1, "first"), clock.instant());
        ClaimedJob second = claimOne("q");

        assertThat(backend.fail(second.lease(), error(2, "second"), null)).isTrue();

        JobInfo info = info(id);
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors()).extracting(JobError::message).containsExactly("first", "second");
        assertThat(info.lastError().orElseThrow().type()).isEqualTo("java.lang.IllegalStateException");
        if (!has(ContractTrait.ERRORS_WITHOUT_TRACE)) {
            assertThat(info.lastError().orElseThrow().stackTrace()).contains("Tck.java:1");
        }
        Outcome o = backend.outcome(id).get(10, TimeUnit.SECONDS);
        assertThat(o.state()).isEqualTo(JobState.DEAD);
        assertThat(o.error().message()).isEqualTo("second");
        assertThat(claim("q", 10)).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> expiredLease_isRecovered_andRedeliveredAsTheNextAttempt() {
        return unlessTrait(ContractTrait.EXPIRED_LEASES_NOT_COUNTED, () -> {
            JobId id = enqueue(job().maxAttempts(3).build()).id();
            ClaimedJob lost = claimOne("q");
            clock.advance(LEASE.plusSeconds(1));

            assertThat(backend.recoverExpiredLeases()).isEqualTo(1);

            JobInfo info = info(id);
            assertThat(info.errors()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("LeaseExpired");
                assertThat(e.message()).contains(OWNER);
                assertThat(e.attempt()).isEqualTo(1);
            });
            ClaimedJob again = claimOne("q");
            assertThat(again.id()).isEqualTo(id);
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(lost.attempt()).isEqualTo(1);
        });
    }

    @TestFactory
    Stream<DynamicTest> expiredLease_onTheLastAttempt_makesTheJobDead() {
        return unlessTrait(ContractTrait.EXPIRED_LEASES_NOT_COUNTED, () -> {
            JobId id = enqueue(job().maxAttempts(1).build()).id();
            claimOne("q");
            clock.advance(LEASE.plusSeconds(1));

            backend.recoverExpiredLeases();

            assertThat(state(id)).isEqualTo(JobState.DEAD);
            assertThat(claim("q", 10)).isEmpty();
        });
    }

    /**
     * One rule on every backend: a lease expires at its expiry instant (claim time + lease), so
     * recovery takes it when {@code expiry <= now}. Checked 1 µs before, at, and 1 µs after the
     * boundary: every backend stores times in microseconds (the SQL dialects and Redis) or finer
     * (memory). Renew, complete and fail are fenced on owner and attempt, not on time, so they agree
     * with it: a lease is held until recovery takes it.
     */
    @TestFactory
    Stream<DynamicTest> lease_expiresAtItsExpiryInstant_notAMicrosecondBefore() {
        return unlessTrait(ContractTrait.EXPIRED_LEASES_NOT_COUNTED, () -> {
            JobId id = enqueue(job().maxAttempts(3).build()).id();
            Instant expiry = clock.instant().plus(LEASE);
            claimOne("q");

            clock.set(expiry.minus(MICROSECOND));
            assertThat(backend.recoverExpiredLeases())
                    .as("recovered 1 µs before the lease's expiry")
                    .isZero();
            assertThat(state(id)).isEqualTo(JobState.RUNNING);

            clock.set(expiry);
            assertThat(backend.recoverExpiredLeases())
                    .as("recovered at the lease's expiry instant")
                    .isEqualTo(1);
            assertThat(info(id).errors()).extracting(JobError::type).containsExactly("LeaseExpired");

            ClaimedJob second = claimOne("q");
            assertThat(second.attempt()).isEqualTo(2);
            clock.set(expiry.plus(LEASE).plus(MICROSECOND));
            assertThat(backend.recoverExpiredLeases())
                    .as("recovered 1 µs after the second lease's expiry")
                    .isEqualTo(1);
            assertThat(info(id).attempt()).isEqualTo(2);
        });
    }

    @Test
    void recover_leavesLiveLeasesAlone() {
        enqueue(job().build());
        claimOne("q");
        clock.advance(LEASE.minusSeconds(1));

        assertThat(backend.recoverExpiredLeases()).isZero();
    }

    @TestFactory
    Stream<DynamicTest> staleLease_cannotComplete_failOrRenew_theRedeliveredAttempt() {
        return unlessTrait(ContractTrait.EXPIRED_LEASES_NOT_COUNTED, () -> {
            JobId id = enqueue(job().maxAttempts(3).build()).id();
            ClaimedJob stale = claimOne("q");
            clock.advance(LEASE.plusSeconds(1));
            backend.recoverExpiredLeases();
            ClaimedJob current = claimOne("q");

            assertThat(backend.complete(stale.lease(), null)).isFalse();
            assertThat(backend.fail(stale.lease(), error(1, "late"), null)).isFalse();
            assertThat(backend.renew(List.of(stale.lease()), LEASE)).containsExactly(id);

            assertThat(state(id)).isEqualTo(JobState.RUNNING);
            assertThat(backend.complete(current.lease(), null)).isTrue();
            assertThat(state(id)).isEqualTo(JobState.SUCCEEDED);
        });
    }

    @Test
    void leaseOfAnotherOwner_isRejected() {
        enqueue(job().build());
        ClaimedJob c = claimOne("q");
        Lease impostor = new Lease(c.id(), "someone-else", c.attempt());

        assertThat(backend.complete(impostor, null)).isFalse();
        assertThat(state(c.id())).isEqualTo(JobState.RUNNING);
    }

    @Test
    void renew_keepsAJobAlivePastItsFirstLease() {
        JobId id = enqueue(job().build()).id();
        ClaimedJob c = claimOne("q");
        for (int i = 0; i < 3; i++) {
            clock.advance(LEASE.minusSeconds(5));
            assertThat(backend.renew(List.of(c.lease()), LEASE)).isEmpty();
            assertThat(backend.recoverExpiredLeases()).isZero();
        }
        assertThat(backend.complete(c.lease(), null)).isTrue();
        assertThat(info(id).errors()).isEmpty();
    }

    @Test
    void release_handsTheJobBack_withoutCountingTheAttempt() {
        JobId id = enqueue(job().build()).id();
        ClaimedJob c = claimOne("q");

        backend.release(List.of(c.lease()));

        JobInfo info = info(id);
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.attempt()).isZero();
        assertThat(claimOne("q").attempt()).isEqualTo(1);
    }

    /**
     * Every transition of the state machine, each step looked at: the backend moves jobs only
     * along {@link JobState#canMoveTo} (checked by {@link #info} at each look, and here pair by pair).
     */
    @TestFactory
    Stream<DynamicTest> everyStep_ofEveryPath_isATransitionTheStateMachineAllows() {
        return whenDeclared(Capability.QUEUES, () -> {
            JobId id = enqueue(job().queue("walk")
                            .maxAttempts(5)
                            .runAt(T0.plusSeconds(10))
                            .build())
                    .id();
            List<JobState> path = new ArrayList<>(List.of(state(id)));
            clock.advance(Duration.ofSeconds(10));
            path.add(state(id));
            ClaimedJob first = claimOne("walk");
            path.add(state(id));
            backend.fail(first.lease(), error(1, "again"), clock.instant().plusSeconds(5));
            path.add(state(id));
            clock.advance(Duration.ofSeconds(5));
            path.add(state(id));
            ClaimedJob second = claimOne("walk");
            path.add(state(id));
            backend.release(List.of(second.lease()));
            path.add(state(id));
            claimOne("walk");
            path.add(state(id));
            clock.advance(LEASE);
            backend.recoverExpiredLeases();
            path.add(state(id));
            ClaimedJob last = claimOne("walk");
            path.add(state(id));
            backend.complete(last.lease(), null);
            path.add(state(id));
            assertThat(path)
                    .containsExactly(
                            JobState.SCHEDULED,
                            JobState.AVAILABLE,
                            JobState.RUNNING,
                            JobState.RETRYABLE,
                            JobState.AVAILABLE,
                            JobState.RUNNING,
                            JobState.AVAILABLE,
                            JobState.RUNNING,
                            JobState.AVAILABLE,
                            JobState.RUNNING,
                            JobState.SUCCEEDED);
            for (int i = 1; i < path.size(); i++) {
                assertThat(path.get(i - 1).canMoveTo(path.get(i)))
                        .as("%s -> %s", path.get(i - 1), path.get(i))
                        .isTrue();
            }

            JobId dead = enqueue(job().queue("dead").maxAttempts(1).build()).id();
            path = new ArrayList<>(List.of(state(dead)));
            backend.fail(claimOne("dead").lease(), error(1, "last"), null);
            path.add(state(dead));
            assertThat(path).containsExactly(JobState.AVAILABLE, JobState.DEAD);

            JobId scheduled = enqueue(job().queue("cancel")
                            .runAt(clock.instant().plusSeconds(60))
                            .build())
                    .id();
            JobId available = enqueue(job().queue("cancel").build()).id();
            JobId retryable = enqueue(job().queue("retry").build()).id();
            backend.fail(
                    claimOne("retry").lease(),
                    error(1, "later"),
                    clock.instant().plusSeconds(60));
            for (JobId cancelled : List.of(scheduled, available, retryable)) {
                JobState before = state(cancelled);
                assertThat(backend.cancel(cancelled))
                        .as("cancel a %s job", before)
                        .isTrue();
                assertThat(state(cancelled)).isEqualTo(JobState.CANCELLED);
                assertThat(before.canMoveTo(JobState.CANCELLED))
                        .as("%s -> CANCELLED", before)
                        .isTrue();
            }
        });
    }

    @Test
    void cancel_beforeItRuns_endsTheJobCancelled() throws Exception {
        JobId id = enqueue(job().runAt(T0.plusSeconds(60)).build()).id();

        assertThat(backend.cancel(id)).isTrue();

        assertThat(state(id)).isEqualTo(JobState.CANCELLED);
        assertThat(backend.outcome(id).get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(claim("q", 10)).isEmpty();
    }

    @Test
    void cancel_ofARunningOrFinishedJob_isRefused() {
        JobId running = enqueue(job().build()).id();
        ClaimedJob c = claimOne("q");
        assertThat(backend.cancel(running)).isFalse();
        backend.complete(c.lease(), null);
        assertThat(backend.cancel(running)).isFalse();
        assertThat(backend.cancel(JobId.of("123456789"))).isFalse();
    }
}
