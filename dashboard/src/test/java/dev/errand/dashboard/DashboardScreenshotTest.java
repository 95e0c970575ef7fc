package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.dashboard.jobs.ShopJobs;
import dev.errand.dashboard.jobs.ShopJobsJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * The overview as a new user sees it, with a busy hour of timing lines, in a real Chromium: the picture in
 * docs/dashboard.md. {@code -Ddashboard.screenshot.write=true} writes it to docs/dashboard.png (not errand.*, which
 * Errand reads as configuration); otherwise to target/.
 */
class DashboardScreenshotTest {

    @Test
    void overview_rendersQueuesAndTheHoursVerdicts_asAPicture() throws IOException {
        ShopJobs.FAIL.set(true);
        TimingFeed feed = new TimingFeed();
        try (Errand errand = Errand.fromProperties(Map.of("errand.backend", "memory"));
                Browser browser = new Browser()) {
            JobId dead;
            try (Worker w = errand.worker().register(new ShopJobs()).threads(2).start()) {
                dead = new ShopJobsJobs(errand).charge("o-1042", 4999).enqueue();
                new ShopJobsJobs(errand).charge("o-1043", 1250).enqueue();
                for (int i = 0; i < 5; i++) {
                    new ShopJobsJobs(errand)
                            .send("customer" + i + "@example.com")
                            .enqueue();
                }
                assertThat(errand.awaitFinished(dead, Duration.ofSeconds(30)).state())
                        .isEqualTo(JobState.DEAD);
            }
            for (int i = 0; i < 37; i++) {
                new ShopJobsJobs(errand).send("later" + i + "@example.com").enqueue();
            }
            new ShopJobsJobs(errand)
                    .send("tomorrow@example.com")
                    .delay(Duration.ofHours(20))
                    .enqueue();
            errand.admin().pause("mail");
            busyHour(feed, Instant.now());
            try (Dashboard d = Dashboard.start(
                    errand, DashboardOptions.builder().port(0).timing(feed).build())) {
                browser.open(d.uri(), "/", null, null);
                assertThat(browser.driver.findElements(By.cssSelector("svg.spark polyline")))
                        .hasSize(6);
                byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
                assertThat(png).startsWith(0x89, 'P', 'N', 'G');
                Path out = Boolean.getBoolean("dashboard.screenshot.write")
                        ? Path.of("..", "docs", "dashboard.png")
                        : Path.of("target", "dashboard.png");
                Files.write(out, png);
                // The other pages, for a look (target/ only): the dead jobs, one job, a confirmation.
                browser.open(d.uri(), "/jobs?state=DEAD", null, null);
                Files.write(Path.of("target", "dashboard-jobs.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
                browser.open(d.uri(), "/jobs/" + dead.value(), null, null);
                assertThat(browser.driver.findElement(By.id("job-state")).getText())
                        .isEqualTo("dead");
                Files.write(Path.of("target", "dashboard-job.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
                browser.driver.findElement(By.id("retry")).click();
                Files.write(
                        Path.of("target", "dashboard-confirm.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
            }
        }
    }

    /** An hour of three jobs: a steady one, a fast one, and one whose delay climbs past 5 s (saturated). */
    private static void busyHour(TimingFeed feed, Instant now) {
        Random random = new Random(42);
        long id = 1;
        for (int minute = 59; minute >= 0; minute--) {
            Instant t = now.minus(Duration.ofMinutes(minute)).minusSeconds(30);
            for (int i = 0; i < 20 + random.nextInt(10); i++) {
                feed.accept(line(
                        t.plusMillis(i * 900L),
                        "ShopJobs.send",
                        id++,
                        "mail",
                        8 + random.nextDouble() * 20,
                        40 + random.nextDouble() * 30,
                        "ok"));
            }
            for (int i = 0; i < 6 + random.nextInt(4); i++) {
                feed.accept(line(
                        t.plusMillis(i * 2500L),
                        "ShopJobs.charge",
                        id++,
                        "payments",
                        30 + random.nextDouble() * 40,
                        300 + random.nextDouble() * 200,
                        i == 0 && minute % 9 == 0 ? "dead" : "ok"));
            }
            double backlog = Math.max(0, 40 - minute) * 400.0;
            for (int i = 0; i < 12; i++) {
                feed.accept(line(
                        t.plusMillis(i * 4000L),
                        "Reports.render",
                        id++,
                        "reports",
                        50 + backlog + random.nextDouble() * 300,
                        900 + random.nextDouble() * 300,
                        "ok"));
            }
        }
    }

    private static String line(
            Instant ts, String fn, long id, String queue, double delayMs, double processMs, String status) {
        return String.format(
                Locale.ROOT,
                "ts=%s fn=%s id=%d queue=%s attempt=1 status=%s delay_ms=%.3f process_ms=%.3f backend=memory"
                        + " worker=host:4711:w%d",
                ts,
                fn,
                id,
                queue,
                status,
                delayMs,
                processMs,
                id % 4);
    }
}
