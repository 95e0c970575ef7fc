package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One worker of all that share a store does the maintenance; another takes over when it stops or dies. */
class MaintenanceTest extends WorkerServicesFixture {
    private final Maintenance a = new Maintenance(backend, "host-a:1:w", LEASE);
    private final Maintenance b = new Maintenance(backend, "host-b:2:w", LEASE);

    @Test
    void onlyTheLeaseHolder_rescuesExpiredLeases() {
        a.run();
        JobId abandoned = abandonAJob();

        b.run();
        assertThat(rescued(abandoned))
                .as("rescued by b, which does not hold the lease")
                .isFalse();
        a.run();

        assertThat(a.leading()).isTrue();
        assertThat(b.leading()).isFalse();
        assertThat(rescued(abandoned)).isTrue();
    }

    @Test
    void aHolderThatStops_handsTheLeaseOver_atOnce() {
        a.run();
        a.stop();
        JobId abandoned = abandonAJob();

        clock.advance(Duration.ofSeconds(1)); // well within a's term had it kept the lease
        b.run();

        assertThat(b.leading()).isTrue();
        assertThat(rescued(abandoned)).isTrue();
    }

    @Test
    void aHolderThatDies_isReplaced_whenItsTermEnds() {
        a.run(); // and then never again
        JobId abandoned = abandonAJob();
        b.run();
        assertThat(b.leading()).as("within a's term").isFalse();
        clock.advance(LEASE);

        b.run();

        assertThat(b.leading()).isTrue();
        assertThat(rescued(abandoned)).isTrue();
        a.run();
        assertThat(a.leading()).as("the old holder finds the lease taken").isFalse();
    }

    @Test
    void aWorkerThatNeverHeldTheLease_handsNothingOver() {
        a.run();
        b.run();

        b.stop();

        b.run();
        assertThat(b.leading()).isFalse();
        assertThat(a.leading()).isTrue();
    }

    private boolean rescued(JobId id) {
        JobInfo info = backend.find(id).orElseThrow();
        return info.state() != JobState.RUNNING
                && info.errors().stream().anyMatch(e -> e.type().equals("LeaseExpired"));
    }

    /** A job claimed by a worker that died: its lease (1 s) has expired, well within a maintenance term. */
    private JobId abandonAJob() {
        JobId id = jobs.record("abandoned").enqueue();
        assertThat(backend.claim(Set.of("tck"), 1, "dead:9:w", Duration.ofSeconds(1)))
                .hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        return id;
    }
}
