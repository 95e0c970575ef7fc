package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.boom;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutcomeTest extends MemoryBackendFixture {

    @Test
    void outcome_completesWhenTheJobFinishes_andAtOnceAfterwards() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        CompletableFuture<Outcome> before = backend.outcome(id);
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        assertThat(before).isNotDone();

        backend.fail(claimed.lease(), boom(clock, 1), null);

        assertThat(before.join()).isEqualTo(backend.outcome(id).join());
        assertThat(before.join().state()).isEqualTo(JobState.DEAD);
        assertThat(before.join().error()).isEqualTo(boom(clock, 1));
    }

    @Test
    void outcome_ofAnUnknownJob_failsWithNoSuchElement() {
        assertThat(backend.outcome(JobId.of("12345")))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(NoSuchElementException.class);
        assertThat(backend.find(JobId.of("not-a-number"))).isEmpty();
    }

    @Test
    void outcome_oneCallerGivingUpDoesNotEndAnotherCallersWait() {
        JobId id = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        CompletableFuture<Outcome> impatient = backend.outcome(id);
        CompletableFuture<Outcome> patient = backend.outcome(id);

        impatient.cancel(false);
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        backend.complete(claimed.lease(), new byte[] {7});

        assertThat(patient.join().result()).containsExactly(7);
    }

    @Test
    void outcomeContinuations_runOutsideTheBackendLocks() {
        // Each continuation waits for another thread that needs the job's monitor or its queue lock:
        // it would deadlock if the backend completed the future while holding either.
        JobId completed = backend.enqueue(List.of(job(clock, "q"))).get(0).id();
        JobId cancelled = backend.enqueue(List.of(job(clock, "q", 0, Duration.ofHours(1), null, 3)))
                .get(0)
                .id();
        AtomicReference<Object> seenByCompleted = new AtomicReference<>();
        AtomicReference<Object> seenByCancelled = new AtomicReference<>();
        backend.outcome(completed).thenRun(() -> seenByCompleted.set(fromOtherThread(completed)));
        backend.outcome(cancelled).thenRun(() -> seenByCancelled.set(fromOtherThread(cancelled)));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
            backend.complete(claimed.lease(), null);
            backend.cancel(cancelled);
        });

        assertThat(seenByCompleted.get()).isEqualTo(JobState.SUCCEEDED);
        assertThat(seenByCancelled.get()).isEqualTo(JobState.CANCELLED);
    }

    private Object fromOtherThread(JobId id) {
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            backend.enqueue(List.of(job(clock, "q")));
            backend.claim(Set.of("q"), 1, "other", LEASE);
            seen.set(backend.find(id).orElseThrow().state());
        });
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seen.get();
    }
}
