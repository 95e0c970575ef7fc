package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testkit.TestCertificates;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC backend over TLS to a real PostgreSQL server started with a certificate this test
 * makes: TLS settings reach the driver both in the URL and as {@code errand.jdbc.pool.dataSource.*},
 * {@code sslmode=verify-full} checks the chain and the host name, and a wrong trust anchor or a
 * server without TLS is refused at start-up with one message naming {@code errand.jdbc.url}.
 */
class PostgresTlsTest {
    private static Path dir;
    private static PostgresServer server;
    private static TestCertificates.Identity serverCert;
    private static Path rootCert;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("errand-pg-tls-");
        serverCert = TestCertificates.create(dir, "postgres-server", "unused-pass");
        rootCert = TestCertificates.bundle(dir.resolve("root.crt"), serverCert.certificate());
        server = PostgresServer.start(Map.of(
                "ssl",
                "on",
                "ssl_cert_file",
                serverCert.certificatePem().toString(),
                "ssl_key_file",
                serverCert.privateKeyPem().toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void verifyFull_inTheUrl_runsJobsOverTls() throws Exception {
        String url = url("?sslmode=verify-full&sslrootcert=" + rootCert);
        try (JdbcBackend backend = open(Map.of(JdbcSettings.URL, url))) {
            assertThat(sessionUsesTls(backend)).isTrue();
            TckService service = new TckService();
            try (Errand errand = Errand.builder().backend(backend).build();
                    Worker worker =
                            errand.worker().register(service).queues("tck").build()) {
                JobId id = new TckServiceJobs(errand).echo("over tls").enqueue();
                worker.drain();
                assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            }
        }
    }

    @Test
    void verifyFull_asDriverProperties_reachesTheDriver() throws Exception {
        try (JdbcBackend backend = open(Map.of(
                JdbcSettings.URL,
                url(""),
                "errand.jdbc.pool.dataSource.sslmode",
                "verify-full",
                "errand.jdbc.pool.dataSource.sslrootcert",
                rootCert.toString()))) {
            assertThat(sessionUsesTls(backend)).isTrue();
        }
    }

    @Test
    void verifyFull_withAnotherRootCertificate_isRefusedNamingTheUrlKey() {
        TestCertificates.Identity stranger = TestCertificates.create(dir, "stranger", "unused-pass");
        Path wrongRoot = TestCertificates.bundle(dir.resolve("wrong-root.crt"), stranger.certificate());

        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL,
                        url("?sslmode=verify-full&sslrootcert=" + wrongRoot),
                        "errand.jdbc.pool.connectionTimeout",
                        "3000")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("cannot connect to the database at errand.jdbc.url=" + url(""))
                .hasMessageContaining("SSL");
    }

    @Test
    void sslmodeRequire_againstAServerWithoutTls_isRefused_soTheSettingReachedTheDriver() {
        String plain = PostgresServer.shared().newDatabase("notls") + "?sslmode=require";

        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL,
                        plain,
                        JdbcSettings.USERNAME,
                        PostgresServer.USER,
                        JdbcSettings.PASSWORD,
                        PostgresServer.PASSWORD,
                        "errand.jdbc.pool.connectionTimeout",
                        "3000")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("cannot connect to the database at errand.jdbc.url=" + plain)
                .hasMessageContaining("The server does not support SSL");
    }

    private static String url(String options) {
        return server.url("postgres") + options;
    }

    private static JdbcBackend open(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.putIfAbsent(JdbcSettings.USERNAME, "postgres");
        config.putIfAbsent("errand.jdbc.pool.maximumPoolSize", "3");
        return new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test.properties"), Clock.systemUTC()));
    }

    private static boolean sessionUsesTls(JdbcBackend backend) throws Exception {
        try (Connection c = backend.dataSourceForTests().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }
}
