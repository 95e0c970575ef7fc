package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.testservers.KillablePostgres;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The browser tests on a real PostgreSQL 14, and the pages after that server restarts. */
@Tag("slow")
class PostgresDashboardBrowserTest extends DashboardBrowserContract {
    private KillablePostgres postgres;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = KillablePostgres.start(Files.createTempDirectory("errand-dashboard-pg"), Map.of());
    }

    @AfterAll
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Map<String, String> backendConfig() {
        return Map.of(
                "errand.backend", "jdbc",
                "errand.jdbc.url", postgres.url(),
                "errand.jdbc.username", postgres.user(),
                "errand.jdbc.password", postgres.password(),
                // Fail a page fast while the server is down, rather than after HikariCP's 30 s default.
                "errand.jdbc.pool.connectionTimeout", "2000");
    }

    @Test
    void thePages_sayTheBackendIsDown_andWorkAgain_afterPostgresRestarts() throws Exception {
        JobId id = deadCharge("o-restart");
        open("/jobs?state=DEAD");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-job='" + id.value() + "']")))
                .hasSize(1);

        postgres.stop();
        open("/jobs?state=DEAD");
        assertThat(find("#error").getText()).contains("The jdbc backend did not answer");
        assertThat(browser.driver.getPageSource())
                .as("no connection detail, let alone the password, in the page")
                .doesNotContain(postgres.password(), "jdbc:postgresql");

        postgres.start();
        await("the job list answering again after PostgreSQL restarted")
                .atMost(WAIT)
                .ignoreExceptions()
                .untilAsserted(() -> {
                    open("/jobs?state=DEAD");
                    assertThat(browser.driver.findElements(By.cssSelector("tr[data-job='" + id.value() + "']")))
                            .hasSize(1);
                });
        open("/");
        assertThat(find("tr[data-queue='payments'] a.dead").getText()).isEqualTo("1");
    }
}
