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
    private final HeldJobs held =
            new HeldJobs(2, FixedPrefetch.of(2, 4), waiting, running::get, false); // capacity 6, refill 3
    /** Room for 4 (2 threads, batches of 2): successes awaiting their record. */
    private final HeldJobs small = new HeldJobs(2, FixedPrefetch.of(2, 2), waiting, running::get, false);

    @Test
    void reserve_takesUpToABatch_ofTheFreeRoom() throws Exception {
        assertThat(held.maxRoom()).isEqualTo(6);
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
    void withOwnClaims_theFetcherWaitsForAnIdleThread_whileThreadsTakeTheirShareWithoutWaiting() throws Exception {
        HeldJobs own = new HeldJobs(2, FixedPrefetch.of(2, 4), waiting, running::get, true);
        CompletableFuture<Integer> fetcher = CompletableFuture.supplyAsync(() -> {
            try {
                return own.reserve();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(own.tryReserve(3)).as("a thread's own share").isEqualTo(3);
        awaitBlocked(fetcher);

        own.threadIdle(true); // a thread found nothing to claim for itself

        assertThat(fetcher.get(10, TimeUnit.SECONDS)).as("the rest of the room").isEqualTo(3);
        assertThat(own.tryReserve(3)).as("no room left").isZero();
    }

    @Test
    void anOwnBatch_isHeldAsOne_untilEachJobIsLetGo() throws Exception {
        for (int i = 0; i < 3; i++) {
            jobs.record("own-" + i).enqueue();
        }
        assertThat(held.tryReserve(3)).isEqualTo(3);
        List<InFlight> batch = claim(settings(), 3).stream()
                .map(job -> new InFlight(job, true))
                .toList();
        held.holdOwn(batch);
        assertThat(held.snapshot()).containsExactlyInAnyOrderElementsOf(batch);

        held.doneAll(batch.subList(0, 2));
        held.done(batch.get(0)); // idempotent

        assertThat(held.snapshot()).containsExactly(batch.get(2));
        assertThat(held.ownBatchAfter(batch.get(0))).containsExactly(batch.get(1), batch.get(2));
        assertThat(held.reserve())
                .as("a batch of the 5 free: the two let go and 3 never taken")
                .isEqualTo(4);
        held.done(batch.get(2));
        held.forgetOwn();
        assertThat(held.size()).isZero();
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

    @Test
    void aSuccessAwaitingItsRecord_givesItsRoomBackForTheNextClaim_butStaysHeld() throws Exception {
        List<InFlight> first = claimSmall(small.reserve());
        assertThat(first).hasSize(2);
        claimSmall(small.reserve()); // the other 2: no room left
        first.forEach(small::ranToSuccess);

        assertThat(small.reserve())
                .as("the next claim does not wait for the completer")
                .isEqualTo(2);
        assertThat(small.size())
                .as("the jobs awaiting their record stay held, their leases renewed")
                .isEqualTo(4);
        small.done(first.get(0));
        assertThat(small.size()).isEqualTo(3);
    }

    @Test
    void aSuccessGivesItsRoomBackOnce_whenTheRecordComesBeforeOrAfter() throws Exception {
        List<InFlight> jobs = claimSmall(small.reserve());
        small.ranToSuccess(jobs.get(0));
        small.done(jobs.get(0)); // recorded after: no second unit of room
        small.done(jobs.get(1)); // recorded before the thread says it ran
        small.ranToSuccess(jobs.get(1));

        assertThat(small.reserve()).isEqualTo(2);
        claimSmall(2);
        assertThat(small.reserve()).as("4 claimed, 2 recorded: 2 free").isEqualTo(2);
    }

    @Test
    void aStoppingWorker_waitsForTheLastRecord_notJustForTheRoom() throws Exception {
        List<InFlight> jobs = claimSmall(small.reserve());
        jobs.forEach(small::ranToSuccess); // all room is back, nothing recorded yet
        CompletableFuture<Void> noneHeld = CompletableFuture.runAsync(() -> {
            try {
                small.awaitNoneHeld();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        small.done(jobs.get(0));
        await("a stop that waits while one success is unrecorded")
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !noneHeld.isDone());
        small.done(jobs.get(1));
        noneHeld.get(10, TimeUnit.SECONDS);
    }

    /** Claims {@code n} real jobs and holds them in {@link #small}. */
    private List<InFlight> claimSmall(int n) {
        for (int i = 0; i < n; i++) {
            jobs.record("small-" + i).enqueue();
        }
        List<InFlight> flights =
                claim(settings(), n).stream().map(InFlight::new).toList();
        flights.forEach(small::hold);
        return flights;
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

    @Test
    void theRoomFollowsThePrefetch_growingForShortJobs_andShrinkingForLongOnes() throws Exception {
        Prefetch prefetch = new Prefetch(2, 10, Duration.ofMillis(100));
        HeldJobs adaptive = new HeldJobs(2, prefetch, waiting, running::get, false);
        assertThat(adaptive.reserve())
                .as("nothing ran yet: one beyond the 2 threads")
                .isEqualTo(3);

        prefetch.ran(1_000); // 1 µs jobs: the batch size waits
        assertThat(adaptive.reserve()).as("9 more free of 12, a batch at most").isEqualTo(9);

        for (int i = 0; i < 300; i++) {
            prefetch.ran(1_000_000_000L); // one-second jobs: one waits, room 3, all 12 still taken
        }
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try {
                return adaptive.reserve();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitBlocked(next);

        adaptive.unreserve(10); // 2 taken of a room of 3

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
}
