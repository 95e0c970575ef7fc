package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The room a worker has for claims, as jobs are claimed, run, and recorded. */
class HeldJobsTest {
    private final LocalQueue waiting = new LocalQueue();
    private final HeldJobs held = new HeldJobs(2, 2, waiting, () -> true); // room for 4

    @Test
    void aSuccessAwaitingItsRecord_givesItsRoomBackForTheNextClaim_butStaysHeld() throws Exception {
        List<InFlight> first = claim(held.reserve());
        assertThat(first).hasSize(2);
        claim(held.reserve()); // the other 2: no room left
        first.forEach(held::ranToSuccess);

        assertThat(held.reserve())
                .as("the next claim does not wait for the completer")
                .isEqualTo(2);
        assertThat(held.size())
                .as("the jobs awaiting their record stay held, their leases renewed")
                .isEqualTo(4);
        held.done(first.get(0));
        assertThat(held.size()).isEqualTo(3);
    }

    @Test
    void aSuccessGivesItsRoomBackOnce_whenTheRecordComesBeforeOrAfter() throws Exception {
        List<InFlight> jobs = claim(held.reserve());
        held.ranToSuccess(jobs.get(0));
        held.done(jobs.get(0)); // recorded after: no second unit of room
        held.done(jobs.get(1)); // recorded before the thread says it ran
        held.ranToSuccess(jobs.get(1));

        assertThat(held.reserve()).isEqualTo(2);
        claim(2);
        assertThat(held.reserve()).as("4 claimed, 2 recorded: 2 free").isEqualTo(2);
    }

    @Test
    void aStoppingWorker_waitsForTheLastRecord_notJustForTheRoom() throws Exception {
        List<InFlight> jobs = claim(held.reserve());
        jobs.forEach(held::ranToSuccess); // all room is back, nothing recorded yet
        CompletableFuture<Void> noneHeld = CompletableFuture.runAsync(() -> {
            try {
                held.awaitNoneHeld();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.done(jobs.get(0));
        await("a stop that waits while one success is unrecorded")
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !noneHeld.isDone());
        held.done(jobs.get(1));
        noneHeld.get(10, TimeUnit.SECONDS);
    }

    private List<InFlight> claim(int n) {
        List<InFlight> claimed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JobId id = JobId.of(Long.toString(System.nanoTime()));
            Instant now = Instant.now();
            InFlight flight = new InFlight(new ClaimedJob(
                    id,
                    "T.job",
                    "default",
                    0,
                    new byte[0],
                    "fp",
                    1,
                    3,
                    Duration.ofMinutes(1),
                    now,
                    now,
                    new Lease(id, "owner", 1)));
            held.hold(flight);
            claimed.add(flight);
        }
        return claimed;
    }
}
