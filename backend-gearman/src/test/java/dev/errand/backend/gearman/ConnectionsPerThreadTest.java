package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code errand.gearman.worker.connectionsPerThread=2} against a real gearmand: twice the connections show in
 * {@code gearadmin}, a drain runs every job exactly once, and once the queue is empty (half the connections resting
 * without {@code PRE_SLEEP}) a new job still wakes the worker at once.
 */
class ConnectionsPerThreadTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void twoConnectionsPerThread_drainEveryJobOnce_andAnIdleWorkerStillAnswersACall() throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(
                        gearmand.address(),
                        // no regrab to fall back on: only NOOPs and the grabs sent with results bring jobs
                        Map.of(
                                "errand.gearman.worker.connectionsPerThread",
                                "2",
                                "errand.gearman.worker.regrabInterval",
                                "1h"))) {
            Shop shop = new Shop();
            ShopJobs jobs = new ShopJobs(errand);
            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                calls.add(jobs.record("job-" + i));
            }
            errand.enqueueAll(calls);
            try (Worker worker = errand.worker().register(shop).threads(2).start()) {
                ForeignWorkerTest.awaitWorkers(gearmand, "shop::Record", 4);
                await("300 jobs ran").atMost(MAX).until(() -> shop.recorded.size() >= 300);
                Map<String, Long> runs = shop.recorded.stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(runs).hasSize(300);
                assertThat(runs.values())
                        .as("runs per job")
                        .allSatisfy(n -> assertThat(n).isEqualTo(1L));

                assertThat(jobs.upper("idle now").call(MAX)).isEqualTo("IDLE NOW");
            }
        }
    }
}
