package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.dashboard.jobs.ShopJobs;
import dev.errand.dashboard.jobs.ShopJobsJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * What an operator does in a real headless Chromium against a dashboard on a real backend: find a dead job, retry it,
 * pause a queue, and what the browser refuses or shows as text. A subclass names the backend ({@link #backendConfig}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardBrowserContract {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger TABLES = new AtomicInteger();

    Browser browser;
    Errand errand;
    Worker worker;
    Dashboard dashboard;

    /** The {@code errand.*} settings of the backend under test (a fresh table or key prefix is added per test). */
    abstract Map<String, String> backendConfig();

    @BeforeAll
    void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startErrand() {
        ShopJobs.FAIL.set(true);
        Map<String, String> config = new HashMap<>(backendConfig());
        int n = TABLES.incrementAndGet();
        config.put("errand.jdbc.tablePrefix", "ui" + n + "_"); // a store of its own per test, on either backend
        config.put("errand.redis.prefix", "ui" + n);
        errand = Errand.fromProperties(config);
        worker = errand.worker().register(new ShopJobs()).threads(2).start();
        dashboard = Dashboard.start(errand, DashboardOptions.builder().port(0).build());
    }

    @AfterEach
    void stopErrand() {
        dashboard.close();
        worker.close();
        errand.close();
    }

    void open(String path) {
        browser.open(dashboard.uri(), path, null, null);
    }

    /** Clicks the element, finding it again if the overview's live refresh replaced it in between. */
    void click(String css) {
        find(css);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    /**
     * The element, once the page has it (a click's navigation may still be under way), or a failure that shows the
     * page the browser has instead.
     */
    WebElement find(String css) {
        try {
            return new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(10))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "no element " + css + " on " + browser.driver.getCurrentUrl() + ":\n"
                            + browser.driver.findElement(By.tagName("main")).getText(),
                    e);
        }
    }

    JobId deadCharge(String order) {
        JobId id = new ShopJobsJobs(errand).charge(order, 1200).enqueue();
        assertThat(errand.awaitFinished(id, WAIT).state()).isEqualTo(JobState.DEAD);
        return id;
    }

    @Test
    void aDeadJob_isFoundInTheList_retriedFromTheUi_andSucceeds() {
        JobId id = deadCharge("o-17");
        open("/");
        click("tr[data-queue='payments'] a.dead");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/jobs?state=DEAD&queue=payments");
        click("tr[data-job='" + id.value() + "'] a");
        assertThat(find("#job-state").getText()).isEqualTo("dead");
        assertThat(browser.driver.getPageSource()).contains("card declined for order o-17");

        ShopJobs.FAIL.set(false);
        click("#retry");
        click("#confirm");
        assertThat(find("#notice").getText()).isEqualTo("Retried job " + id.value() + ".");

        assertThat(errand.awaitFinished(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
        open("/jobs/" + id.value());
        assertThat(find("#job-state").getText()).isEqualTo("succeeded");
        assertThat(find("#result").getText()).isEqualTo("\"charged o-17\"");
    }

    @Test
    void pausingAQueueInTheUi_stopsARunningWorkerFromClaimingIt_untilResumed() {
        JobId first = new ShopJobsJobs(errand).send("first@example.com").enqueue();
        assertThat(errand.awaitFinished(first, WAIT).state()).isEqualTo(JobState.SUCCEEDED);

        open("/");
        click("tr[data-queue='mail'] a[href*='action=pause']");
        click("#confirm");
        assertThat(find("#notice").getText()).isEqualTo("Paused queue mail.");
        // Workers read the paused set at most once a second: a job due two seconds from now finds every worker told.
        JobId held = new ShopJobsJobs(errand)
                .send("held@example.com")
                .delay(Duration.ofSeconds(2))
                .enqueue();
        await("job " + held.value() + " on the paused queue mail staying unclaimed for 4 s after the pause")
                .during(Duration.ofSeconds(4))
                .atMost(WAIT)
                .until(
                        () -> errand.admin().job(held).orElseThrow().state(),
                        s -> !s.isFinal() && s != JobState.RUNNING);
        open("/");
        assertThat(find("tr[data-queue='mail'] .badge").getText()).isEqualTo("paused");

        click("tr[data-queue='mail'] a[href*='action=resume']");
        click("#confirm");
        assertThat(errand.awaitFinished(held, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aScriptInAJobArgument_showsAsText_andNeverRuns() {
        JobId id = deadCharge("<script>alert(1)</script>");
        open("/jobs/" + id.value());

        assertThat(find("#arguments").getText()).contains("\"<script>alert(1)</script>\"");
        assertThat(browser.driver.findElements(By.tagName("script")))
                .as("the page's only script is htmx from the dashboard's own assets")
                .hasSize(1);
        assertThat(find("script").getAttribute("src")).endsWith("/assets/htmx-2.0.11.min.js");
        assertThat(alertShown()).as("an alert opened").isFalse();
        open("/");
        open("/jobs?state=DEAD");
        assertThat(browser.cspViolations())
                .as("Content-Security-Policy violations in the console")
                .isEmpty();
    }

    @Test
    void aPostWithoutTheFormToken_isRefused403_andTheQueueStaysActive() {
        new ShopJobsJobs(errand).send("x@example.com").enqueue();
        open("/");
        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/actions/pause', {method: 'POST', headers: {'Content-Type':"
                + " 'application/x-www-form-urlencoded'}, body: 'queue=mail'}).then(r => done(r.status));");

        assertThat(status).isEqualTo(403L);
        assertThat(errand.admin().pausedQueues()).isEmpty();
    }

    @Test
    void theOverview_refreshesItself_withoutAReload() {
        open("/");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-queue='late']")))
                .isEmpty();
        errand.admin().pause("late"); // a queue appears on the overview once paused, even without jobs

        await("the overview's live refresh showing queue late")
                .atMost(WAIT)
                .until(() -> !browser.driver
                        .findElements(By.cssSelector("tr[data-queue='late']"))
                        .isEmpty());
        assertThat(browser.driver.getCurrentUrl()).endsWith("/");
    }

    @Test
    void withUsers_theBrowserIsRefusedWithoutCredentials_andSignsInWithThem() {
        try (Dashboard guarded = Dashboard.start(
                errand,
                DashboardOptions.builder()
                        .port(0)
                        .user(new DashboardUser("ops", BasicAuth.hash("ops-secret"), Role.OPERATOR))
                        .build())) {
            browser.open(guarded.uri(), "/jobs", null, null);
            assertThat(browser.driver.executeScript(
                            "return performance.getEntriesByType('navigation')[0].responseStatus;"))
                    .as("the status of the page's response")
                    .isEqualTo(401L);
            assertThat(browser.driver.findElements(By.cssSelector("header, main, form")))
                    .isEmpty();

            browser.open(guarded.uri(), "/jobs", "ops", "ops-secret");
            assertThat(find("header .user").getText()).isEqualTo("ops");
            assertThat(browser.driver.findElements(By.cssSelector("form.filters")))
                    .hasSize(1);
        }
    }

    private boolean alertShown() {
        try {
            browser.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }
}
