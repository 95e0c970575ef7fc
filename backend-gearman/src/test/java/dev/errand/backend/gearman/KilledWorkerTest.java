package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.backend.gearman.admin.FunctionStatus;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Java worker JVM killed holding a job: gearmand re-queues it with the same handle, and the caller gets the next worker's result. */
class KilledWorkerTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void theJobOfAKilledWorker_runsOnTheNext_andTheWaitingCallerGetsItsResult() throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(gearmand)) {
            JobFuture<String> call;
            try (Peer child = Peer.start(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    classPath(),
                    ChildWorker.class.getName(),
                    gearmand.address())) {
                ForeignWorkerTest.awaitWorkers(gearmand, "shop::Hold", 1);
                call = new ShopJobs(errand).hold("survives").submit();
                await("the child JVM runs the job")
                        .atMost(MAX)
                        .until(() -> ForeignWorkerTest.status(gearmand, "shop::Hold")
                                        .map(FunctionStatus::running)
                                        .orElse(0L)
                                == 1);
            } // killed (destroyForcibly) while it holds the job
            assertThat(call).isNotDone();
            Shop shop = new Shop();
            shop.release.countDown();
            try (Worker next = errand.worker().register(shop).threads(1).start()) {
                assertThat(call.await(MAX)).isEqualTo("survives");
            }
        }
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
