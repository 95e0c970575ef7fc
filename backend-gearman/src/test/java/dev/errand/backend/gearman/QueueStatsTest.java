package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.spi.QueueStats;
import dev.errand.testservers.GearmandServer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code errand queues} on Gearman: gearmand's admin {@code status}, summed per function over the servers. */
class QueueStatsTest {

    @Test
    void queuedJobsOfEveryServer_areCountedPerFunction() {
        try (GearmandServer one = GearmandServer.launch();
                GearmandServer two = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(one.address() + "," + two.address(), java.util.Map.of())) {
            PerlShopJobs jobs = new PerlShopJobs(errand);
            for (int i = 0; i < 5; i++) {
                jobs.unserved("job " + i).enqueue(); // round-robin over the two servers
            }
            assertThat(errand.backend().queueStats())
                    .containsExactly(new QueueStats("nobody::home", 5, 0, 0, 0, Optional.empty()));
        }
    }
}
