package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.spi.NewJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL refuses {@code COPY FROM} into a table whose row-level security applies to the user, so a batch of 100
 * jobs or more goes in as an insert there: known before the first copy, or learnt from a refused one when the security
 * came on while the backend ran. The user holds the documented privileges and does not own the tables; the policy lets
 * it see and write every row.
 */
class PostgresRowSecurityTest {
    private static final String PASSWORD = "app-Passw0rd";

    private static JdbcSettings userSettings;
    private static HikariDataSource admin;
    private HikariDataSource pool;
    private JdbcBackend backend;

    @BeforeAll
    static void database() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(user, "rowsecurity", PASSWORD);
        userSettings = TestDatabases.settings(url, user, PASSWORD, JdbcSettings.CREATE_SCHEMA, "false");
        admin = TestDatabases.pool(TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD));
        TestDatabases.execute(admin, "CREATE POLICY every_job ON errand_jobs USING (true) WITH CHECK (true)");
    }

    @AfterAll
    static void closeDatabase() {
        admin.close();
    }

    @BeforeEach
    void openBackend() {
        TestDatabases.execute(admin, "ALTER TABLE errand_jobs DISABLE ROW LEVEL SECURITY", "DELETE FROM errand_jobs");
        pool = TestDatabases.pool(userSettings);
        backend = new JdbcBackend(userSettings, pool, Clock.systemUTC());
    }

    @AfterEach
    void closeBackend() {
        backend.close();
        pool.close();
    }

    @Test
    void aBatchInTheCallersTransaction_whereRowSecurityApplies_goesInAsAnInsert() throws Exception {
        rowSecurityOn();

        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            assertThat(backend.enqueue(c, jobs(150, "tx"))).hasSize(150);
            c.commit();
        }

        assertThat(stored()).isEqualTo(150);
    }

    @Test
    void aBatchThatCommitsByItself_afterRowSecurityCameOn_isRefusedAsACopy_andGoesInAsAnInsert() {
        assertThat(backend.enqueue(jobs(150, "before"))).as("copied").hasSize(150);
        rowSecurityOn();

        assertThat(backend.enqueue(jobs(150, "refused"))).hasSize(150);
        assertThat(backend.enqueue(jobs(150, "after"))).hasSize(150);

        assertThat(stored()).isEqualTo(450);
    }

    @Test
    void aBatchInTheCallersTransaction_afterRowSecurityCameOn_failsSayingToSendItAgain_andAgainItGoesIn()
            throws Exception {
        assertThat(backend.enqueue(jobs(150, "before"))).as("copied").hasSize(150);
        rowSecurityOn();

        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            Throwable refused = catchThrowable(() -> backend.enqueue(c, jobs(150, "refused")));
            assertThat(refused)
                    .isInstanceOf(JdbcBackendException.class)
                    .hasMessageContaining("could not enqueue 150 jobs")
                    .hasMessageContaining("row-level security applies")
                    .hasMessageContaining("Roll back the transaction and run it again");
            c.rollback();
            assertThat(backend.enqueue(c, jobs(150, "again"))).hasSize(150);
            c.commit();
        }

        assertThat(stored()).isEqualTo(300);
    }

    private static void rowSecurityOn() {
        TestDatabases.execute(admin, "ALTER TABLE errand_jobs ENABLE ROW LEVEL SECURITY");
    }

    private static List<NewJob> jobs(int n, String queue) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(NewJobs.at(Instant.now()).queue(queue).build());
        }
        return jobs;
    }

    private static long stored() {
        return Long.parseLong(TestDatabases.firstValue(admin, "SELECT count(*) FROM errand_jobs"));
    }
}
