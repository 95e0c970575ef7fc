package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ConnectionPool;
import dev.errand.testkit.TckService;
import dev.errand.testservers.Ports;
import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong settings and unreachable or unusable databases fail at start with one message naming the setting. */
class ConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void unreachableDatabase_failsNamingTheUrlKey_withoutThePassword() throws Exception {
        int closedPort = Ports.free(); // nothing listens there
        String url =
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/jobs?ssl=false&password=hunter2&sslpassword=s3cret";

        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL,
                        url,
                        JdbcSettings.USERNAME,
                        "app",
                        "errand.jdbc.pool.connectionTimeout",
                        "2000")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("cannot connect to the database at errand.jdbc.url=jdbc:postgresql://127.0.0.1:"
                        + closedPort + "/jobs?ssl=false (from test.properties) as user 'app'")
                .hasMessageContaining("Connection to 127.0.0.1:" + closedPort + " refused")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void passwordInTheUrlAndInItsKey_failsNamingBoth() {
        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL, "jdbc:postgresql://h/db?password=hunter2", JdbcSettings.PASSWORD, "s3cret")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "errand.jdbc.url (from test.properties) holds a password and errand.jdbc.password is set too; "
                                + "keep it in errand.jdbc.password only (with ${env:NAME} or ${file:PATH})");
    }

    @Test
    void otherWaysToTheDatabase_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL,
                        h2(),
                        "errand.jdbc.pool.dataSourceClassName",
                        "org.postgresql.ds.PGSimpleDataSource")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.jdbc.pool.dataSourceClassName (from test.properties) is not supported");
    }

    @Test
    void driverClassName_picksTheDriver() {
        try (JdbcBackend backend =
                open(Map.of(JdbcSettings.URL, h2(), "errand.jdbc.pool.driverClassName", "org.h2.Driver"))) {
            assertThat(backend.dialectName()).isEqualTo("h2");
        }
        assertThatThrownBy(() -> open(
                        Map.of(JdbcSettings.URL, h2(), "errand.jdbc.pool.driverClassName", "org.postgresql.Driver")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("no JDBC driver on the class path accepts errand.jdbc.url=jdbc:h2:file:")
                .hasMessageContaining("(errand.jdbc.pool.driverClassName=org.postgresql.Driver)");
    }

    @Test
    void h2PasswordInTheUrl_isHandedToTheDriverAsAProperty() {
        String url = "jdbc:h2:file:" + dir.resolve("withpw") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (JdbcBackend first = open(Map.of(JdbcSettings.URL, url + ";PASSWORD=h2secret"))) {
            assertThat(first.dialectName()).isEqualTo("h2");
        }
        try (JdbcBackend again = open(Map.of(JdbcSettings.URL, url, JdbcSettings.PASSWORD, "h2secret"))) {
            assertThat(again.dialectName()).isEqualTo("h2");
        }
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, url, JdbcSettings.PASSWORD, "wrong")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("Wrong user name or password");
    }

    @Test
    void urlWithoutADriver_failsNamingTheUrlKey() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, "jdbc:nosuchdb://localhost/x")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining(
                        "no JDBC driver on the class path accepts errand.jdbc.url=jdbc:nosuchdb://localhost/x");
    }

    @Test
    void notAJdbcUrl_isRejected() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, "postgres://localhost/x")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("invalid value 'postgres://localhost/x' for errand.jdbc.url");
    }

    @Test
    void unknownPoolProperty_failsNamingTheKey() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, h2(), "errand.jdbc.pool.maximumPoolSise", "5")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("unknown HikariCP property 'maximumPoolSise' in errand.jdbc.pool.maximumPoolSise")
                .hasMessageContaining("maximumPoolSize");
    }

    @Test
    void badPoolValue_failsNamingTheKey() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, h2(), "errand.jdbc.pool.maximumPoolSize", "many")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("invalid value 'many' for errand.jdbc.pool.maximumPoolSize");
    }

    @Test
    void poolSettingsAndDriverProperties_reachHikari() {
        try (JdbcBackend backend = open(Map.of(
                JdbcSettings.URL,
                h2(),
                "errand.jdbc.pool.maximumPoolSize",
                "3",
                "errand.jdbc.pool.dataSource.LOCK_TIMEOUT",
                "5000"))) {
            assertThat(backend.dialectName()).isEqualTo("h2");
        }
    }

    @Test
    void poolSize_followsTheWorkerThreads_unlessSet() {
        try (JdbcBackend backend = open(Map.of(JdbcSettings.URL, h2(), "errand.worker.threads", "20"))) {
            assertThat(((HikariDataSource) backend.dataSourceForTests()).getMaximumPoolSize())
                    .isEqualTo(24);
            assertThat(backend.connectionPool())
                    .hasValue(new ConnectionPool("errand.jdbc.pool.maximumPoolSize", 24, 1, true));
        }
        try (JdbcBackend backend = open(Map.of(JdbcSettings.URL, h2(), "errand.jdbc.pool.maximumPoolSize", "5"))) {
            assertThat(backend.connectionPool())
                    .hasValue(new ConnectionPool("errand.jdbc.pool.maximumPoolSize", 5, 1, false));
        }
        // PostgreSQL keeps one more connection for LISTEN, unless errand.jdbc.listen=false.
        String postgres = "jdbc:postgresql://db:5432/app";
        assertThat(JdbcSettings.from(ErrandConfig.of(Map.of(JdbcSettings.URL, postgres), "t"))
                        .defaultPoolSize())
                .isEqualTo(8 + 3 + 2);
        assertThat(JdbcSettings.from(
                                ErrandConfig.of(Map.of(JdbcSettings.URL, postgres, JdbcSettings.LISTEN, "false"), "t"))
                        .defaultPoolSize())
                .isEqualTo(8 + 3 + 1);
    }

    @Test
    void poolSetTooSmallForTheWorker_failsAtWorkerStart_namingBothKeys() {
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend("jdbc")
                .property(JdbcSettings.URL, h2())
                .property("errand.jdbc.pool.maximumPoolSize", "4")
                .build()) {
            assertThatThrownBy(() -> errand.worker()
                            .register(new TckService())
                            .threads(8)
                            .start())
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessage(
                            "errand.jdbc.pool.maximumPoolSize=4 is too small for a worker of 8 threads "
                                    + "(errand.worker.threads): it needs at least 12 (8 job threads, 3 for the worker's fetcher, "
                                    + "completer and supervisor, 1 for the backend's own threads); raise it or lower the threads");
        }
    }

    @Test
    void badTablePrefix_failsNamingTheKey() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, h2(), JdbcSettings.TABLE_PREFIX, "jobs; DROP")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("invalid value 'jobs; DROP' for errand.jdbc.tablePrefix");
    }

    @Test
    void missingTables_withCreateSchemaOff_failNamingTheKeyAndTheScript() {
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, h2(), JdbcSettings.CREATE_SCHEMA, "false")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("errand.jdbc.createSchema=false")
                .hasMessageContaining("dev/errand/backend/jdbc/schema/h2.sql");
    }

    @Test
    void tablePrefix_keepsTwoSetsOfTablesApart() {
        String url = h2();
        try (JdbcBackend a = open(Map.of(JdbcSettings.URL, url, JdbcSettings.TABLE_PREFIX, "app_a_"));
                JdbcBackend b = open(Map.of(JdbcSettings.URL, url, JdbcSettings.TABLE_PREFIX, "app_b_"))) {
            a.enqueue(java.util.List.of(
                    dev.errand.testkit.NewJobs.at(Clock.systemUTC().instant()).build()));
            assertThat(b.claim(java.util.Set.of("q"), 10, "w", java.time.Duration.ofSeconds(5)))
                    .isEmpty();
            assertThat(a.claim(java.util.Set.of("q"), 10, "w", java.time.Duration.ofSeconds(5)))
                    .hasSize(1);
        }
    }

    @Test
    void userWithoutTheCreatePrivilege_failsNamingCreateSchema() {
        String url = PostgresServer.shared().newDatabase("noprivs");
        try (var admin =
                TestDatabases.pool(TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD))) {
            TestDatabases.execute(
                    admin,
                    "DROP ROLE IF EXISTS errand_reader",
                    "CREATE ROLE errand_reader LOGIN PASSWORD 'r'",
                    "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }

        assertThatThrownBy(() -> open(Map.of(
                        JdbcSettings.URL, url, JdbcSettings.USERNAME, "errand_reader", JdbcSettings.PASSWORD, "r")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("could not create the Errand tables with prefix errand_ on postgresql")
                .hasMessageContaining("permission denied")
                .hasMessageContaining("errand.jdbc.createSchema=false");
    }

    @Test
    void errandBuilder_findsTheJdbcBackend_andAcceptsItsKeys() {
        try (Errand errand = Errand.builder()
                .backend("jdbc")
                .property(JdbcSettings.URL, h2())
                .property("errand.jdbc.pool.maximumPoolSize", "4")
                .property(JdbcSettings.RETENTION, "3d")
                .build()) {
            assertThat(errand.backend().name()).isEqualTo("jdbc");
        }
    }

    @Test
    void retention_defaultsToADayForSucceededAndAWeekForFailed_theShorthandSetsBoth_eachKeyWinsForItsKind() {
        JdbcSettings defaults = JdbcSettings.from(ErrandConfig.of(Map.of(), "test.properties"));
        assertThat(defaults.retention().succeeded()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.retention().failed()).isEqualTo(Duration.ofDays(7));

        JdbcSettings both = JdbcSettings.from(ErrandConfig.of(
                Map.of(JdbcSettings.RETENTION, "3d", "errand.jdbc.retention.succeeded", "2h"), "test.properties"));
        assertThat(both.retention().succeeded()).isEqualTo(Duration.ofHours(2));
        assertThat(both.retention().failed()).isEqualTo(Duration.ofDays(3));

        assertThatThrownBy(() -> JdbcSettings.from(
                        ErrandConfig.of(Map.of("errand.jdbc.retention.failed", "0s"), "test.properties")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.jdbc.retention.failed");
    }

    @Test
    void misspelledRetentionKey_failsAtStart_suggestingTheKey() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, h2())
                        .property("errand.jdbc.retention.succeded", "1h")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("unknown configuration key errand.jdbc.retention.succeded")
                .hasMessageContaining("did you mean errand.jdbc.retention.succeeded?");
    }

    /**
     * Tables made by a release before the retention index (schema version 1) get it, the listing indexes of version
     * 4, the headers column of version 5 (versions 6 and 8 change nothing on H2) and the awaited column of version 7, on
     * the next start.
     */
    @Test
    void schemaVersion1_isUpgradedToVersion8_withTheRetentionAndListingIndexes_orNamesTheScriptsWhenCreateSchemaIsOff()
            throws Exception {
        String url = h2();
        try (HikariDataSource ds = TestDatabases.pool(TestDatabases.settings(url, null, null))) {
            TestDatabases.createSchemaVersion1(ds, "h2");
        }
        assertThatThrownBy(() -> open(Map.of(JdbcSettings.URL, url, JdbcSettings.CREATE_SCHEMA, "false")))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("are at schema version 1")
                .hasMessageContaining(
                        "run dev/errand/backend/jdbc/schema/h2-2.sql, dev/errand/backend/jdbc/schema/h2-3.sql, "
                                + "dev/errand/backend/jdbc/schema/h2-4.sql, dev/errand/backend/jdbc/schema/h2-5.sql, "
                                + "dev/errand/backend/jdbc/schema/h2-6.sql, dev/errand/backend/jdbc/schema/h2-7.sql, "
                                + "dev/errand/backend/jdbc/schema/h2-8.sql from errand-backend-jdbc in that order");

        open(Map.of(JdbcSettings.URL, url)).close();

        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT MAX(version) FROM errand_schema_version"))
                    .isEqualTo("8");
            assertThat(single(
                            s,
                            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ERRAND_JOBS'"
                                    + " AND COLUMN_NAME = 'AWAITED'"))
                    .isEqualTo("1");
            assertThat(
                            single(
                                    s,
                                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'ERRAND_JOBS_RETENTION'"))
                    .isEqualTo("1");
            assertThat(
                            single(
                                    s,
                                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME LIKE 'ERRAND_JOBS_LIST%'"))
                    .isEqualTo("3");
            assertThat(
                            single(
                                    s,
                                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'ERRAND_JOBS_FINISHED'"))
                    .isEqualTo("0");
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String h2() {
        return "jdbc:h2:file:" + dir.resolve("config") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static JdbcBackend open(Map<String, String> config) {
        return new JdbcBackend(
                new BackendContext(ErrandConfig.of(new HashMap<>(config), "test.properties"), Clock.systemUTC()));
    }
}
