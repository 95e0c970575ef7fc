package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.spi.ClaimedJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Room for claims: threads + batch size jobs held at most, claims in batches, and a fetcher that waits for room. */
class HeldJobsTest extends WorkerServicesFixture {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HeldJobs held = new HeldJobs(2, 4, waiting, running::get); // capacity 6, refill 3

    @Test
    void reserve_takesUpToABatch_ofTheFreeRoom() throws Exception {
        assertThat(held.capacity()).isEqualTo(6);
        assertThat(held.reserve()).isEqualTo(4);
        assertThat(held.reserve()).isEqualTo(2);
    }

    @Test
    void reserve_waitsForRoom_andAJobDoneMakesIt() throws Exception {
        List<InFlight> flights = holdSix();
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(this::reserveUnchecked);
        awaitBlocked(next);

        held.done(flights.get(0)); // the local queue is empty: any room is worth a claim

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void reserve_withJobsStillWaiting_waitsForARefillsWorth() throws Exception {
        List<InFlight> flights = holdSix();
        waiting.add(flights.get(5)); // one claimed job waits for a thread
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(this::reserveUnchecked);
        held.done(flights.get(0));
        held.done(flights.get(1));
        awaitBlocked(next);

        held.done(flights.get(2));

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void done_isIdempotent() throws Exception {
        List<InFlight> flights = holdSix();

        held.done(flights.get(0));
        held.done(flights.get(0));

        assertThat(held.size()).isEqualTo(5);
        assertThat(held.reserve()).isEqualTo(1);
    }

    @Test
    void aStoppingWorker_reservesNothing_andReleasesTheWaiters() throws Exception {
        holdSix();
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(this::reserveUnchecked);
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            try {
                held.awaitNoneHeld();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlocked(next);

        running.set(false);
        held.wakeFetcher();

        assertThat(next.get(10, TimeUnit.SECONDS)).isZero();
        drained.get(10, TimeUnit.SECONDS);
    }

    private List<InFlight> holdSix() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            jobs.record("held-" + i).enqueue();
        }
        assertThat(held.reserve()).isEqualTo(4);
        assertThat(held.reserve()).isEqualTo(2);
        List<ClaimedJob> claimed = claim(settings(), 6);
        List<InFlight> flights = claimed.stream().map(InFlight::new).toList();
        flights.forEach(held::hold);
        return flights;
    }

    private int reserveUnchecked() {
        try {
            return held.reserve();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the reserving thread time to block; the assertion after it holds either way, it only may not test the wait. */
    private static void awaitBlocked(CompletableFuture<Integer> reserving) {
        await("reserve() stays blocked for 100 ms while there is no room")
                .during(Duration.ofMillis(100))
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> !reserving.isDone());
    }
}
