package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.boom;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaseTest extends MemoryBackendFixture {

    @Test
    void recoverExpiredLeases_redeliversWithAnErrorNamingTheWorker() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        ClaimedJob first = backend.claim(Set.of("q"), 1, "worker-7", LEASE).get(0);
        clock.advance(LEASE.plusSeconds(2));

        assertThat(backend.recoverExpiredLeases()).isEqualTo(1);

        JobInfo info = backend.find(id).orElseThrow();
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.errors()).singleElement().satisfies(error -> {
            assertThat(error.type()).isEqualTo("LeaseExpired");
            assertThat(error.attempt()).isEqualTo(1);
            assertThat(error.message())
                    .isEqualTo("lease of worker worker-7 expired at 2024-05-01T10:00:30Z (2s ago);"
                            + " the worker died or stopped heartbeating; re-delivered");
        });
        assertThat(backend.complete(first.lease(), null))
                .as("late result of the lost lease")
                .isFalse();
        ClaimedJob second = backend.claim(Set.of("q"), 1, "worker-8", LEASE).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(backend.complete(second.lease(), null)).isTrue();
    }

    @Test
    void recoverExpiredLeases_killsAJobOnItsLastAttempt() {
        JobId id = backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, null, 1)))
                .get(0)
                .id();
        var outcome = backend.outcome(id);
        backend.claim(Set.of("q"), 1, "w1", LEASE);
        clock.advance(LEASE);

        assertThat(backend.recoverExpiredLeases()).isEqualTo(1);

        Outcome dead = outcome.join();
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.error().message())
                .isEqualTo("lease of worker w1 expired at 2024-05-01T10:00:30Z (0ms ago);"
                        + " the worker died or stopped heartbeating; that was attempt 1 of 1, so the job is dead");
    }

    @Test
    void recoverExpiredLeases_leavesRenewedLeasesAlone() {
        backend.enqueue(List.of(job(clock, "q"), job(clock, "q")));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        clock.advance(Duration.ofSeconds(20));
        assertThat(backend.renew(List.of(claimed.get(0).lease()), LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(20));

        assertThat(backend.recoverExpiredLeases())
                .as("only the lease that was not renewed")
                .isEqualTo(1);
        assertThat(backend.recoverExpiredLeases()).isZero();

        clock.advance(Duration.ofSeconds(10));
        assertThat(backend.recoverExpiredLeases()).isEqualTo(1);
    }

    @Test
    void renew_reportsLeasesThatAreNoLongerHeld() {
        backend.enqueue(List.of(job(clock, "q"), job(clock, "q")));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        backend.complete(claimed.get(1).lease(), null);

        Set<JobId> lost =
                backend.renew(List.of(claimed.get(0).lease(), claimed.get(1).lease()), LEASE);

        assertThat(lost).containsExactly(claimed.get(1).id());
    }

    @Test
    void leasesOfFinishedJobs_areNotKeptInTheLeaseIndex() {
        backend.enqueue(List.of(job(clock, "q"), job(clock, "q"), job(clock, "q")));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 3, "w", LEASE);
        backend.renew(List.of(claimed.get(0).lease()), LEASE);
        assertThat(backend.leaseIndexSize()).isEqualTo(2);

        backend.complete(claimed.get(0).lease(), null);
        backend.fail(claimed.get(1).lease(), boom(clock, 1), null);
        backend.release(List.of(claimed.get(2).lease()));

        assertThat(backend.leaseIndexSize()).isZero();
    }

    @Test
    void release_handsTheJobBackWithoutCountingTheAttempt() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);

        backend.release(List.of(claimed.lease()));

        assertThat(backend.find(id).orElseThrow()).satisfies(info -> {
            assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(info.attempt()).isZero();
        });
        assertThat(backend.complete(claimed.lease(), null)).isFalse();
        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE).get(0).attempt()).isEqualTo(1);
    }

    @Test
    void fail_withARetryTime_waitsForItThenRedelivers() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        JobError error = boom(clock, 1);

        assertThat(backend.fail(claimed.lease(), error, clock.instant().plusSeconds(10)))
                .isTrue();

        assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.RETRYABLE);
        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        ClaimedJob retry = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(backend.find(id).orElseThrow().errors()).containsExactly(error);
    }

    @Test
    void fail_withARetryTimeInThePast_isAvailableAtOnce() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);

        backend.fail(claimed.lease(), boom(clock, 1), clock.instant().minusSeconds(1));

        assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(backend.fail(claimed.lease(), boom(clock, 1), null))
                .as("stale lease")
                .isFalse();
    }
}
