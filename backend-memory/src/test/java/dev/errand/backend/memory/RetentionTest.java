package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void finishedJob_isKeptWithItsResultUntilTheRetentionPasses() {
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.retention", "10m"));
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        backend.complete(claimed.lease(), new byte[] {42});

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(backend.find(id))
                .hasValueSatisfying(info -> assertThat(info.state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(backend.outcome(id).join().result()).containsExactly(42);

        clock.advance(Duration.ofMillis(1));
        assertThat(backend.find(id)).isEmpty();
        assertThat(backend.outcome(id))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(NoSuchElementException.class)
                .withMessage("no job " + id + " in the memory backend: it never existed here, or it finished longer"
                        + " ago than its retention (10m for succeeded jobs (errand.memory.retention.succeeded), 10m for dead"
                        + " and cancelled ones (errand.memory.retention.failed)) or before the newest 100000 finished jobs"
                        + " (errand.memory.maxFinished)");
    }

    @Test
    void succeededJobs_goAfterTheirRetention_deadAndCancelledOnesAfterTheirs() {
        MemoryBackend backend = TestJobs.backend(
                clock, Map.of("errand.memory.retention.succeeded", "1m", "errand.memory.retention.failed", "1h"));
        List<EnqueueResult> ids = backend.enqueue(jobs(3));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        backend.complete(claimed.get(0).lease(), null);
        backend.fail(claimed.get(1).lease(), new JobError(1, clock.instant(), "E", "boom", "trace"), null);
        backend.cancel(ids.get(2).id());
        JobId succeeded = claimed.get(0).id();
        JobId dead = claimed.get(1).id();
        JobId cancelled = ids.get(2).id();

        clock.advance(Duration.ofMinutes(2));
        backend.enqueue(jobs(10)); // later work drops what expired
        assertThat(backend.find(succeeded)).isEmpty();
        assertThat(backend.find(dead))
                .hasValueSatisfying(info -> assertThat(info.state()).isEqualTo(JobState.DEAD));
        assertThat(backend.find(cancelled))
                .hasValueSatisfying(info -> assertThat(info.state()).isEqualTo(JobState.CANCELLED));
        assertThat(backend.keptFinished()).isEqualTo(2);

        clock.advance(Duration.ofHours(1));
        assertThat(backend.find(dead)).isEmpty();
        assertThat(backend.find(cancelled)).isEmpty();
        backend.enqueue(jobs(10));
        assertThat(backend.keptFinished()).isZero();
    }

    @Test
    void maxFinished_dropsTheOldestOfEitherKindFirst() {
        MemoryBackend backend = TestJobs.backend(
                clock, Map.of("errand.memory.maxFinished", "2", "errand.memory.retention.failed", "1d"));
        List<EnqueueResult> ids = backend.enqueue(jobs(3));
        backend.cancel(ids.get(0).id());
        clock.advance(Duration.ofSeconds(1));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        backend.complete(claimed.get(0).lease(), null);
        clock.advance(Duration.ofSeconds(1));
        backend.complete(claimed.get(1).lease(), null);

        assertThat(backend.find(ids.get(0).id()))
                .as("the cancelled job finished first")
                .isEmpty();
        assertThat(backend.keptFinished()).isEqualTo(2);
    }

    @Test
    void expiredJobs_areDroppedFromMemoryByLaterWork() {
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.retention", "1m"));
        finish(backend, 10);
        assertThat(backend.keptJobs()).isEqualTo(10);

        clock.advance(Duration.ofMinutes(2));
        backend.enqueue(jobs(10));

        assertThat(backend.keptFinished()).isZero();
        assertThat(backend.keptJobs()).isEqualTo(10);
    }

    @Test
    void maxFinished_dropsTheOldestFinishedJobsFirst() {
        MemoryBackend backend = TestJobs.backend(clock, Map.of("errand.memory.maxFinished", "3"));
        List<JobId> ids = finish(backend, 5);

        assertThat(backend.keptFinished()).isEqualTo(3);
        assertThat(backend.keptJobs()).isEqualTo(3);
        assertThat(backend.find(ids.get(0))).isEmpty();
        assertThat(backend.find(ids.get(1))).isEmpty();
        assertThat(ids.subList(2, 5))
                .allSatisfy(id -> assertThat(backend.find(id)).isPresent());
    }

    @Test
    void unfinishedJobs_areNeverDropped() {
        MemoryBackend backend =
                TestJobs.backend(clock, Map.of("errand.memory.retention", "1s", "errand.memory.maxFinished", "1"));
        JobId waiting = backend.enqueue(List.of(job(clock, "other"))).get(0).id();
        finish(backend, 3);
        clock.advance(Duration.ofHours(5));
        finish(backend, 3);

        assertThat(backend.find(waiting))
                .hasValueSatisfying(info -> assertThat(info.state()).isEqualTo(JobState.AVAILABLE));
    }

    @Test
    void close_failsTheOutcomesStillAwaited() {
        MemoryBackend backend = TestJobs.backend(clock, Map.of());
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        var outcome = backend.outcome(id);
        backend.close();

        assertThat(outcome)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessageContaining("memory backend was closed before job " + id);
    }

    private List<JobId> finish(MemoryBackend backend, int n) {
        List<JobId> ids = new ArrayList<>();
        for (EnqueueResult r : backend.enqueue(jobs(n))) {
            ids.add(r.id());
        }
        for (ClaimedJob claimed : backend.claim(Set.of("q"), n, "w", LEASE)) {
            backend.complete(claimed.lease(), null);
        }
        return ids;
    }

    private List<NewJob> jobs(int n) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(job(clock, "q"));
        }
        return jobs;
    }
}
