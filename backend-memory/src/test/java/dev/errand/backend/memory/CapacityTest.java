package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.boom;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityTest extends MemoryBackendFixture {
    CapacityTest() {
        super(Map.of("errand.memory.capacity", "2"));
    }

    @Test
    void enqueue_beyondCapacity_isRefusedWithAMessageThatSaysWhatToDo() {
        backend.enqueue(List.of(job(clock, "q"), job(clock, "q")));

        assertThatThrownBy(() -> backend.enqueue(List.of(job(clock, "q"))))
                .isInstanceOf(QueueFullException.class)
                .hasMessage("memory backend is full: 2 unfinished jobs (errand.memory.capacity); "
                        + "add workers, or raise errand.memory.capacity");
        assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).hasSize(2);
    }

    @Test
    void enqueue_aBatchThatDoesNotFit_storesNothingOfIt() {
        backend.enqueue(List.of(job(clock, "q")));

        assertThatThrownBy(() -> backend.enqueue(List.of(job(clock, "q"), job(clock, "q"))))
                .isInstanceOf(QueueFullException.class)
                .hasMessage("memory backend is full: 1 unfinished jobs and 2 more would pass the capacity of 2 "
                        + "(errand.memory.capacity); add workers, enqueue smaller batches, or raise "
                        + "errand.memory.capacity");
        assertThat(backend.claim(Set.of("q"), 10, "w", LEASE)).hasSize(1);
        assertThat(backend.unfinished()).isEqualTo(1);
    }

    @Test
    void scheduledRunningAndRetryableJobs_allCountAgainstCapacity() {
        backend.enqueue(List.of(job(clock, "q", 0, Duration.ofHours(1), null, 3), job(clock, "q")));
        ClaimedJob running = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        backend.fail(running.lease(), boom(clock, 1), clock.instant().plusSeconds(60));

        assertThatThrownBy(() -> backend.enqueue(List.of(job(clock, "q")))).isInstanceOf(QueueFullException.class);
    }

    @Test
    void finishedJobs_freeTheirRoom() {
        backend.enqueue(List.of(job(clock, "q"), job(clock, "q")));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        backend.complete(claimed.get(0).lease(), null);
        backend.fail(claimed.get(1).lease(), boom(clock, 1), null);

        backend.enqueue(List.of(job(clock, "q")));
        List<EnqueueResult> second = backend.enqueue(List.of(job(clock, "q")));
        assertThat(backend.cancel(second.get(0).id())).isTrue();
        backend.enqueue(List.of(job(clock, "q")));

        assertThat(backend.unfinished()).isEqualTo(2);
    }

    @Test
    void duplicates_takeNoRoom() {
        backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, "k", 3)));

        backend.enqueue(List.of(job(clock, "q", 0, Duration.ZERO, "k", 3)));
        backend.enqueue(List.of(job(clock, "q")));

        assertThat(backend.unfinished()).isEqualTo(2);
    }
}
