package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.NewJobs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2UrlsTest {

    @Test
    void anH2DatabaseOpensInThisProcess_unlessItIsBehindAServer() {
        assertThat(H2Urls.opensInThisProcess("jdbc:h2:file:./data/errand/errand;WRITE_DELAY=0"))
                .isTrue();
        assertThat(H2Urls.opensInThisProcess("jdbc:h2:./data/app")).isTrue();
        assertThat(H2Urls.opensInThisProcess("jdbc:h2:mem:test")).isTrue();
        assertThat(H2Urls.opensInThisProcess("JDBC:H2:file:./app;AUTO_SERVER=TRUE"))
                .isTrue();
        assertThat(H2Urls.opensInThisProcess("jdbc:h2:tcp://localhost:9092/./data/errand"))
                .isFalse();
        assertThat(H2Urls.opensInThisProcess("jdbc:h2:ssl://localhost:9092/./data/errand"))
                .isFalse();
        assertThat(H2Urls.opensInThisProcess("jdbc:postgresql://localhost/errand"))
                .isFalse();
    }

    @Test
    void fileAndServerUrlsWithoutWriteDelay_getWriteDelay0_settingsKept() {
        assertThat(H2Urls.durable("jdbc:h2:file:./data/app")).isEqualTo("jdbc:h2:file:./data/app;WRITE_DELAY=0");
        assertThat(H2Urls.durable("jdbc:h2:./data/app;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("jdbc:h2:./data/app;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(H2Urls.durable("jdbc:h2:tcp://db:9092/~/app;LOCK_TIMEOUT=5000;"))
                .isEqualTo("jdbc:h2:tcp://db:9092/~/app;LOCK_TIMEOUT=5000;WRITE_DELAY=0");
        assertThat(H2Urls.durable("jdbc:h2:ssl://db/app")).isEqualTo("jdbc:h2:ssl://db/app;WRITE_DELAY=0");
        assertThat(H2Urls.durable("JDBC:H2:~/app")).isEqualTo("JDBC:H2:~/app;WRITE_DELAY=0");
    }

    @Test
    void urlThatSetsWriteDelay_inAnyCase_isKeptAsWritten() {
        assertThat(H2Urls.durable("jdbc:h2:file:./app;write_delay=500"))
                .isEqualTo("jdbc:h2:file:./app;write_delay=500");
        assertThat(H2Urls.durable("jdbc:h2:file:./app;Write_Delay = 0;MODE=MySQL"))
                .isEqualTo("jdbc:h2:file:./app;Write_Delay = 0;MODE=MySQL");
        assertThat(H2Urls.writeDelay("jdbc:h2:file:./app;Write_Delay = 250;MODE=MySQL"))
                .isEqualTo("250");
    }

    @Test
    void inMemoryAndOtherDatabases_areNotTouched() {
        assertThat(H2Urls.durable("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1");
        assertThat(H2Urls.durable("jdbc:h2:tcp://db/mem:test")).isEqualTo("jdbc:h2:tcp://db/mem:test");
        assertThat(H2Urls.durable("jdbc:postgresql://db/app?options=-c%20x;y"))
                .isEqualTo("jdbc:postgresql://db/app?options=-c%20x;y");
        assertThat(H2Urls.durable("jdbc:mariadb://db/app")).isEqualTo("jdbc:mariadb://db/app");
    }

    @Test
    void settings_userWrittenH2FileUrl_isOpenedWithWriteDelay0() {
        JdbcSettings settings =
                JdbcSettings.from(ErrandConfig.of(Map.of(JdbcSettings.URL, "jdbc:h2:file:./data/app"), "test"));
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:./data/app;WRITE_DELAY=0");
        assertThat(JdbcSettings.from(ErrandConfig.of(Map.of(), "test")).url()).isEqualTo(JdbcSettings.DEFAULT_URL);
    }

    @Test
    void writeDelayOtherThan0_warnsNamingTheKeyAndTheLoss_withoutThePassword() {
        String warning =
                H2Urls.writeDelayWarning("jdbc:h2:tcp://sa:s3cret@db/app;WRITE_DELAY=500", "errand.properties");
        assertThat(warning)
                .contains(
                        "errand.jdbc.url",
                        "WRITE_DELAY=500",
                        "errand.properties",
                        "crash",
                        "loses the jobs acknowledged")
                .doesNotContain("s3cret");
        assertThat(H2Urls.writeDelayWarning("jdbc:h2:file:./app;write_delay=0", "test"))
                .isNull();
        assertThat(H2Urls.writeDelayWarning("jdbc:h2:file:./app", "test")).isNull();
        assertThat(H2Urls.writeDelayWarning("jdbc:h2:mem:app;WRITE_DELAY=500", "test"))
                .isNull();
    }

    @Test
    void withoutWriteDelay_removesOnlyIt() {
        assertThat(H2Urls.withoutWriteDelay("jdbc:h2:file:./app;MODE=MySQL;write_delay=0;LOCK_TIMEOUT=5"))
                .isEqualTo("jdbc:h2:file:./app;MODE=MySQL;LOCK_TIMEOUT=5");
        assertThat(H2Urls.withoutWriteDelay(H2Urls.durable("jdbc:h2:file:./app")))
                .isEqualTo("jdbc:h2:file:./app");
        assertThat(H2Urls.withoutWriteDelay("jdbc:h2:file:./app;WRITE_DELAY=500"))
                .isNull();
        assertThat(H2Urls.withoutWriteDelay("jdbc:h2:file:./app")).isNull();
    }

    /**
     * H2 runs the URL's settings as SET commands, and SET WRITE_DELAY needs admin rights: a user
     * without them could not connect once the backend added WRITE_DELAY=0. It connects without it
     * (and a WARN says what to do).
     */
    @Test
    void userWithoutAdminRights_connectsWithoutTheAddedWriteDelay(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("app");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE USER app PASSWORD 'app-pw'");
            s.execute("GRANT ALTER ANY SCHEMA TO app");
        }
        Map<String, String> config =
                Map.of(JdbcSettings.URL, url, JdbcSettings.USERNAME, "app", JdbcSettings.PASSWORD, "app-pw");
        try (JdbcBackend backend =
                new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test"), Clock.systemUTC()))) {
            JobId id = backend.enqueue(List.of(NewJobs.at(Instant.now()).build()))
                    .get(0)
                    .id();
            assertThat(backend.find(id)).isPresent();
        }
    }
}
