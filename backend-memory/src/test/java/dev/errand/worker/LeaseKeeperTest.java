package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest extends WorkerServicesFixture {
    private final WorkerSettings settings = settings();
    private final HeldJobs held = new HeldJobs(
            settings.threads(), FixedPrefetch.of(settings.threads(), settings.batchSize()), waiting, () -> true, false);
    private final LeaseKeeper keeper = new LeaseKeeper(backend, settings, held);

    @Test
    void renew_extendsTheLeaseOfEveryHeldJob_waitingOnesIncluded() {
        jobs.record("running").enqueue();
        jobs.record("waiting").enqueue();
        List<ClaimedJob> claimed = claim(settings, 2);
        InFlight running = new InFlight(claimed.get(0));
        running.started(Thread.currentThread(), System.nanoTime());
        held.hold(running);
        held.hold(new InFlight(claimed.get(1)));

        clock.advance(LEASE.minusSeconds(1));
        keeper.renew();
        clock.advance(LEASE.minusSeconds(1)); // past the first lease, within the renewed one

        assertThat(backend.recoverExpiredLeases()).isZero();
        assertThat(claimed)
                .allSatisfy(j ->
                        assertThat(backend.find(j.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void renew_marksAJobWhoseLeaseAnotherWorkerRecovered_andOnlyThatOne() {
        jobs.record("lost").enqueue();
        InFlight lost = new InFlight(claim(settings, 1).get(0));
        held.hold(lost);
        clock.advance(LEASE.plus(Duration.ofSeconds(1)));
        assertThat(backend.recoverExpiredLeases()).isEqualTo(1); // another worker's maintenance
        List<ClaimedJob> again = backend.claim(Set.of("tck"), 1, "other:1:w", LEASE);
        assertThat(again).singleElement().satisfies(j -> assertThat(j.id()).isEqualTo(lost.job.id()));
        jobs.record("kept").enqueue();
        InFlight kept = new InFlight(claim(settings, 1).get(0));
        held.hold(kept);

        keeper.renew();

        assertThat(lost.leaseLost).isTrue();
        assertThat(kept.leaseLost).isFalse();
    }

    @Test
    void renew_withNothingHeld_makesNoBackendCall() {
        backend.close(); // any call would now fail

        keeper.renew();
    }
}
