package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.backend.gearman.admin.FunctionStatus;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** gearmand killed and restarted under a Java worker and a waiting client (ADAPTERS.md §2.6). */
class GearmandRestartTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void waitingCallersFailClearly_andTheWorkerReconnectsAndRegistersAgainByItself() throws Exception {
        Shop shop = new Shop();
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(gearmand);
                Worker worker = errand.worker().register(shop).threads(2).start()) {
            ShopJobs jobs = new ShopJobs(errand);
            assertThat(jobs.upper("before").call()).isEqualTo("BEFORE");
            JobFuture<String> held = jobs.hold("lost").submit();
            await("the Java worker runs the held job")
                    .atMost(MAX)
                    .until(() -> ForeignWorkerTest.status(gearmand, "shop::Hold")
                                    .map(FunctionStatus::running)
                                    .orElse(0L)
                            == 1);

            gearmand.kill();
            assertThatThrownBy(() -> held.await(MAX))
                    .hasMessageContaining("connection to gearmand " + gearmand.address() + " was lost")
                    .hasMessageContaining("while waiting for job shop::Hold")
                    .hasMessageContaining("may or may not have run");
            assertThatThrownBy(() -> jobs.upper("while down").call())
                    .hasMessageContaining("cannot connect to gearmand " + gearmand.address())
                    .hasMessageContaining("errand.gearman.servers");

            gearmand.start();
            ForeignWorkerTest.awaitWorkers(gearmand, "shop::Upper", 2);
            shop.release.countDown(); // the lost attempt ends; its result has nowhere to go
            assertThat(jobs.upper("after").call()).isEqualTo("AFTER");
            byte[] perl = Peer.run(
                    MAX, "perl", Peer.script("perl_client.pl"), gearmand.address(), "shop::Upper", "perl after");
            assertThat(new String(perl, StandardCharsets.UTF_8)).isEqualTo("PERL AFTER");
        }
    }
}
