package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimOrderTest extends MemoryBackendFixture {

    @Test
    void claim_takesHighestPriorityThenOldestRunAtThenEnqueueOrder_acrossQueues() {
        List<EnqueueResult> r = backend.enqueue(List.of(
                job(clock, "a", 0, Duration.ZERO, null, 3), // 0: low priority
                job(clock, "b", 5, Duration.ofSeconds(2), null, 3), // 1: high, later runAt
                job(clock, "a", 5, Duration.ofSeconds(1), null, 3), // 2: high, earlier runAt
                job(clock, "b", 5, Duration.ofSeconds(2), null, 3), // 3: like 1, enqueued after it
                job(clock, "c", 9, Duration.ZERO, null, 3))); // 4: another queue
        clock.advance(Duration.ofSeconds(2));

        List<JobId> order = backend.claim(Set.of("a", "b"), 10, "w", LEASE).stream()
                .map(ClaimedJob::id)
                .toList();

        assertThat(order)
                .containsExactly(
                        r.get(2).id(), r.get(1).id(), r.get(3).id(), r.get(0).id());
    }

    @Test
    void claim_placesJobsThatBecameDueLaterByTheirRunAt() {
        JobId scheduled = backend.enqueue(List.of(job(clock, "q", 0, Duration.ofSeconds(1), null, 3)))
                .get(0)
                .id();
        JobId first = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        clock.advance(Duration.ofSeconds(5));
        JobId last = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        backend.claim(Set.of("q"), 1, "w", LEASE); // takes `first`, promotes `scheduled` behind `last` in arrival

        List<JobId> order = backend.claim(Set.of("q"), 10, "w", LEASE).stream()
                .map(ClaimedJob::id)
                .toList();

        assertThat(order).containsExactly(scheduled, last).doesNotContain(first);
    }

    @Test
    void ids_areIncreasingNumbers() {
        List<EnqueueResult> r = backend.enqueue(List.of(job(clock, "a"), job(clock, "b")));
        List<EnqueueResult> later = backend.enqueue(List.of(job(clock, "a")));

        long first = Long.parseLong(r.get(0).id().value());
        assertThat(Long.parseLong(r.get(1).id().value())).isGreaterThan(first);
        assertThat(Long.parseLong(later.get(0).id().value())).isGreaterThan(first + 1);
    }

    @Test
    void claim_leavesScheduledJobsUntilTheClockSaysTheyAreDue() {
        backend.enqueue(List.of(job(clock, "q", 0, Duration.ofMinutes(1), null, 3)));

        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE)).hasSize(1);
    }

    @Test
    void uniqueKey_isHeldUntilTheJobFinishes_alsoWithinOneBatch() {
        List<EnqueueResult> r = backend.enqueue(List.of(
                job(clock, "q", 0, Duration.ZERO, "url-1", 3),
                job(clock, "q", 0, Duration.ZERO, "url-1", 3),
                job(clock, "q", 0, Duration.ZERO, "url-2", 3)));
        assertThat(r.get(1)).isEqualTo(new EnqueueResult(r.get(0).id(), true));
        assertThat(r.get(2).duplicate()).isFalse();

        ClaimedJob running = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        assertThat(backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, "url-1", 3)))
                        .get(0))
                .isEqualTo(new EnqueueResult(r.get(0).id(), true));

        backend.complete(running.lease(), null);
        EnqueueResult again = backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, "url-1", 3)))
                .get(0);
        assertThat(again.duplicate()).isFalse();
        assertThat(again.id()).isNotEqualTo(r.get(0).id());
    }

    @Test
    void cancel_onlyStopsJobsThatHaveNotStarted() {
        List<EnqueueResult> r = backend.enqueue(List.of(
                job(clock, "q", 1, Duration.ZERO, null, 3),
                job(clock, "q", 0, Duration.ZERO, "k", 3),
                job(clock, "q", 0, Duration.ofHours(1), null, 3)));
        ClaimedJob running = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        var outcome = backend.outcome(r.get(1).id());

        assertThat(backend.cancel(running.id())).isFalse();
        assertThat(backend.cancel(r.get(1).id())).isTrue();
        assertThat(backend.cancel(r.get(2).id())).isTrue();
        assertThat(backend.cancel(r.get(2).id())).isFalse();

        assertThat(outcome.join().state()).isEqualTo(JobState.CANCELLED);
        assertThat(backend.find(r.get(1).id()).orElseThrow().finishedAt()).contains(clock.instant());
        clock.advance(Duration.ofHours(1));
        assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).isEmpty();
        assertThat(backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, "k", 3)))
                        .get(0)
                        .duplicate())
                .isFalse();
    }
}
