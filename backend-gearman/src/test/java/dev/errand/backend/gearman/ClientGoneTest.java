package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A foreground job whose client left before any worker took it is dropped by gearmand: the Java worker never runs it. */
class ClientGoneTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void aForegroundJobWhoseClientLeft_neverRuns_andTheWorkerGoesOn() throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(gearmand)) {
            try (Peer gone = Peer.start(
                    "gearman",
                    "-h",
                    gearmand.host(),
                    "-p",
                    String.valueOf(gearmand.port()),
                    "-t",
                    "300",
                    "-f",
                    "shop::Record",
                    "gone")) {
                gone.awaitExit(MAX); // it gives up waiting after 300 ms and disconnects
            }
            assertThat(ForeignWorkerTest.status(gearmand, "shop::Record"))
                    .hasValueSatisfying(f ->
                            assertThat(f.total()).as("gearmand still counts it").isEqualTo(1));
            Shop shop = new Shop();
            try (Worker worker = errand.worker().register(shop).threads(1).start()) {
                Peer.run(MAX, "perl", Peer.script("perl_background.pl"), gearmand.address(), "shop::Record", "after");
                await("the job sent after it ran").atMost(MAX).until(() -> shop.recorded.contains("after"));
                assertThat(shop.recorded).containsExactly("after");
            }
        }
    }
}
