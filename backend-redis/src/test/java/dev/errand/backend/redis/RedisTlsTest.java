package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testkit.TestCertificates;
import dev.errand.testservers.Ports;
import dev.errand.testservers.RedisServer;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a real redis-server (the embedded 6.2 binary is built with TLS)
 * started with {@code --tls-port}, a server certificate this test makes, and
 * {@code tls-auth-clients yes}: jobs run over TLS with the server certificate in
 * {@code errand.redis.ssl.trustStore} and a client certificate in {@code errand.redis.ssl.keyStore};
 * a server the trust store does not vouch for, or a missing client certificate, stops start-up.
 */
class RedisTlsTest {
    private static Path dir;
    private static RedisServer redis;
    private static int tlsPort;
    private static Path trustStore;
    private static TestCertificates.Identity client;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("errand-redis-tls-");
        TestCertificates.Identity server = TestCertificates.create(dir, "redis-server", "unused-pass");
        client = TestCertificates.create(dir, "errand-client", "client-Pa55");
        trustStore = TestCertificates.trustStore(dir.resolve("trust.p12"), "trust-Pa55", server.certificate());
        Path clientCa = TestCertificates.bundle(dir.resolve("client-ca.crt"), client.certificate());
        tlsPort = Ports.free();
        redis = RedisServer.launch(
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                server.certificatePem().toString(),
                "--tls-key-file",
                server.privateKeyPem().toString(),
                "--tls-ca-cert-file",
                clientCa.toString(),
                "--tls-auth-clients",
                "yes");
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void rediss_withTheServerTrusted_andAClientCertificate_runsJobs() {
        try (Errand errand = tls().build();
                Worker worker =
                        errand.worker().register(new TckService()).queues("tck").build()) {
            JobId id = new TckServiceJobs(errand).echo("over tls").enqueue();
            worker.drain();
            assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void aServerTheTrustStoreDoesNotVouchFor_isRefusedAtStartUp() {
        TestCertificates.Identity stranger = TestCertificates.create(dir, "stranger", "unused-pass");
        Path otherTrust =
                TestCertificates.trustStore(dir.resolve("other-trust.p12"), "trust-Pa55", stranger.certificate());

        assertThatThrownBy(() -> tls().property(RedisSettings.TRUST_STORE, otherTrust.toString())
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining(
                        "cannot reach Redis at rediss://127.0.0.1:" + tlsPort + " (errand.redis.url, from ")
                .hasMessageContaining("the TLS handshake failed (")
                .hasMessageContaining("Check that errand.redis.ssl.trustStore (or the JVM's trust store) holds the CA")
                .hasMessageNotContaining("trust-Pa55")
                .hasMessageNotContaining("client-Pa55");
    }

    @Test
    void withoutTheClientCertificate_theServerRefuses() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, "rediss://127.0.0.1:" + tlsPort)
                        .property(RedisSettings.TRUST_STORE, trustStore.toString())
                        .property(RedisSettings.TRUST_STORE_PASSWORD, "trust-Pa55")
                        .property(RedisSettings.TIMEOUT, "1s")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("cannot reach Redis at rediss://127.0.0.1:" + tlsPort);
    }

    @Test
    void plainConnections_toTheTlsPort_fail() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, "redis://127.0.0.1:" + tlsPort)
                        .property(RedisSettings.TIMEOUT, "1s")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:" + tlsPort);
    }

    private static Errand.ErrandBuilder tls() {
        return Errand.builder()
                .backend("redis")
                .property(RedisSettings.URL, "rediss://127.0.0.1:" + tlsPort)
                .property(RedisSettings.PREFIX, TestRedis.newPrefix("tls"))
                .property(RedisSettings.TRUST_STORE, trustStore.toString())
                .property(RedisSettings.TRUST_STORE_PASSWORD, "trust-Pa55")
                .property(RedisSettings.KEY_STORE, client.keyStore().toString())
                .property(RedisSettings.KEY_STORE_PASSWORD, "client-Pa55")
                .property(RedisSettings.TIMEOUT, "2s");
    }
}
