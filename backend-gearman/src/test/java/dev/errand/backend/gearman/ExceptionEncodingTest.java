package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code errand.gearman.worker.exceptionEncoding=text}: failures go out as {@code WORK_EXCEPTION}. Errand clients ask
 * for exceptions and read the class and message; a Perl client that did not ask gets gearmand 1.1.20's malformed
 * {@code WORK_FAIL} and dies, which is why the default is {@code warning}.
 */
class ExceptionEncodingTest {
    private static final Duration MAX = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"text", "storable"})
    void workException_reachesAPerlClientThatAsksForExceptions_asSent(String encoding) throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(
                        gearmand.address(), Map.of("errand.gearman.worker.exceptionEncoding", encoding));
                Worker worker = errand.worker().register(new Shop()).start()) {
            try (Peer perl = Peer.start(
                    "perl", Peer.script("perl_client_exceptions.pl"), gearmand.address(), "shop::Refuse", encoding)) {
                assertThat(perl.awaitExit(MAX)).isEqualTo(2);
                // Gearman::Client 2.004 hands on_exception the payload as it came: the text, or the frozen image
                // that a Perl Gearman::Worker's die sends too (Storable's network-order header, then the string).
                String seen = perl.stderr();
                assertThat(seen).contains("java.lang.IllegalStateException: refused: " + encoding);
                assertThat(seen.startsWith("exception: java.lang.IllegalStateException"))
                        .isEqualTo(encoding.equals("text"));
            }
            assertThatThrownBy(() -> new ShopJobs(errand).refuse(encoding).call(MAX))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                        assertThat(e.remoteMessage()).isEqualTo("refused: " + encoding);
                    });
        }
    }

    @Test
    void workException_reachesAnErrandClient_andBreaksAPerlClientThatDidNotAskForIt() throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch();
                Errand errand = GearmanFixture.errand(
                        gearmand.address(), Map.of("errand.gearman.worker.exceptionEncoding", "text"));
                Worker worker = errand.worker().register(new Shop()).start()) {
            assertThatThrownBy(() -> new ShopJobs(errand).refuse("by exception").call(MAX))
                    .isInstanceOfSatisfying(JobFailedException.class, e -> {
                        assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                        assertThat(e.remoteMessage()).isEqualTo("refused: by exception");
                    });
            try (Peer perl =
                    Peer.start("perl", Peer.script("perl_client.pl"), gearmand.address(), "shop::Refuse", "perl")) {
                assertThat(perl.awaitExit(MAX)).isNotZero();
                assertThat(perl.stderr()).contains("unknown handle");
            }
        }
    }
}
