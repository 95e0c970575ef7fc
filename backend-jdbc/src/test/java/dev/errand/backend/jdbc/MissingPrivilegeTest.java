package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testservers.MariaDbServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user that lacks one of the documented privileges is stopped at start-up by one message naming the setting. */
class MissingPrivilegeTest {

    @Test
    void postgres_withoutDeleteAndSequenceUsage_failsListingBoth_namingTheUsernameKey() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(
                user,
                "missing",
                "pw-1",
                "REVOKE DELETE ON errand_jobs FROM " + user,
                "REVOKE USAGE ON SEQUENCE errand_job_ids FROM " + user);

        assertThatThrownBy(() -> open(url, user, "pw-1"))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageStartingWith(
                        "the database user '" + user + "' (errand.jdbc.username, from test.properties) lacks "
                                + "privileges the JDBC backend needs on postgresql: DELETE on errand_jobs (ERROR: permission denied "
                                + "for table errand_jobs); USAGE on sequence errand_job_ids (ERROR: permission denied for sequence "
                                + "errand_job_ids). Grant them (backend-jdbc/README.md, \"Privileges\", lists every GRANT)")
                .hasMessageNotContaining("pw-1");
    }

    @Test
    void postgres_withoutSelectOnTheVersionTable_failsNamingTheTableAndTheUsernameKey() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(
                user, "noversion", "pw-2", "REVOKE SELECT ON errand_schema_version FROM " + user);

        assertThatThrownBy(() -> open(url, user, "pw-2"))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining(
                        "cannot read the Errand schema version from errand_schema_version as database user '" + user
                                + "' (errand.jdbc.username, from test.properties)")
                .hasMessageContaining("permission denied for table errand_schema_version")
                .hasMessageContaining("Grant the user SELECT on errand_schema_version");
    }

    @Test
    void mariaDb_withoutInsertOnTheErrorTable_failsNamingItAndTheUsernameKey() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.mariaDbDatabaseFor(user, "missing", "pw-3");
        String dbName = url.substring(url.lastIndexOf('/') + 1);
        try (var admin = TestDatabases.pool(TestDatabases.settings(url, MariaDbServer.USER, null))) {
            TestDatabases.execute(admin, "REVOKE INSERT ON " + dbName + ".errand_job_errors FROM '" + user + "'@'%'");
        }

        assertThatThrownBy(() -> open(url, user, "pw-3"))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageStartingWith(
                        "the database user '" + user + "' (errand.jdbc.username, from test.properties) lacks "
                                + "privileges the JDBC backend needs on mysql: SELECT, INSERT on errand_job_errors (")
                .hasMessageContaining("INSERT command denied to user")
                .hasMessageNotContaining("pw-3");
    }

    private static JdbcBackend open(String url, String user, String password) {
        Map<String, String> config = new HashMap<>(Map.of(
                JdbcSettings.URL,
                url,
                JdbcSettings.USERNAME,
                user,
                JdbcSettings.PASSWORD,
                password,
                JdbcSettings.CREATE_SCHEMA,
                "false"));
        return new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test.properties"), Clock.systemUTC()));
    }
}
