package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.ClaimStats;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A started worker counts its claims: how often it asked, how often it found nothing, how many jobs came. */
class WorkerClaimStatsTest {

    @Test
    void claimStats_countCallsEmptyOnesAndJobs() {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend("memory").build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            try (Worker worker = errand.worker().register(service).threads(2).start()) {
                await("the idle worker's first claim")
                        .until(() -> worker.claimStats().claims() >= 1);
                ClaimStats idle = worker.claimStats();
                assertThat(idle.emptyClaims()).as("an empty queue").isEqualTo(idle.claims());
                assertThat(idle.jobs()).isZero();

                List<JobCall<Void>> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(jobs.record("k" + i));
                }
                errand.enqueueAll(batch);
                await("50 jobs run")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> worker.stats().succeeded() == 50);

                ClaimStats after = worker.claimStats();
                assertThat(after.jobs()).isEqualTo(50);
                assertThat(after.claims()).isGreaterThan(idle.claims()).isLessThanOrEqualTo(idle.claims() + 50);
                assertThat(after.jobsPerClaim()).isEqualTo((double) after.jobs() / after.claims());
            }
        }
    }
}
