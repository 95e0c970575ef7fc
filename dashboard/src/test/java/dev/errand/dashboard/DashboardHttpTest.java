package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.dashboard.jobs.ShopJobs;
import dev.errand.dashboard.jobs.ShopJobsJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard over plain HTTP on the memory backend: pages, escaping, headers, the form token, roles. */
class DashboardHttpTest {
    private static final String OPS_HASH = BasicAuth.hash("ops-secret");
    private static final String VIEW_HASH = BasicAuth.hash("view-secret");

    private Errand errand;

    @BeforeEach
    void start() {
        ShopJobs.FAIL.set(true);
        errand = Errand.fromProperties(Map.of("errand.backend", "memory"));
    }

    @AfterEach
    void stop() {
        errand.close();
    }

    private Dashboard dashboard(DashboardOptions.Builder b) {
        return Dashboard.start(errand, b.port(0).build());
    }

    private JobId deadJob(String order) {
        JobId id = new ShopJobsJobs(errand).charge(order, 1200).enqueue();
        try (Worker w = errand.worker().register(new ShopJobs()).threads(1).start()) {
            assertThat(errand.awaitFinished(id, Duration.ofSeconds(30)).state()).isEqualTo(JobState.DEAD);
        }
        return id;
    }

    @Test
    void overview_listsEachQueueWithItsDeadJobs_underAStrictContentSecurityPolicy() {
        deadJob("o-1");
        new ShopJobsJobs(errand).send("a@example.com").enqueue();
        try (Dashboard d = dashboard(DashboardOptions.builder())) {
            HttpResponse<String> page = new Http(d.uri(), null, null).get("/");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains(DashboardHandler.CSP);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(page.body())
                    .contains("data-queue=\"payments\"", "data-queue=\"mail\"")
                    .contains("href=\"/jobs?state=DEAD&queue=payments\">1</a>")
                    .contains("No live timing data in this mode")
                    .doesNotContain("<script>", " style=");
        }
    }

    @Test
    void jobPage_showsAScriptArgumentAsText_andTheErrorWithItsStackTrace() {
        JobId id = deadJob("<script>alert(1)</script>");
        try (Dashboard d = dashboard(DashboardOptions.builder())) {
            String body =
                    new Http(d.uri(), null, null).get("/jobs/" + id.value()).body();

            assertThat(body).doesNotContain("<script>alert(1)</script>");
            assertThat(body).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            assertThat(body)
                    .contains("card declined for order &lt;script&gt;", "at dev.errand.dashboard.jobs.ShopJobs");
        }
    }

    @Test
    void postWithoutTheFormToken_isRefused403_andChangesNothing() {
        JobId id = deadJob("o-2");
        try (Dashboard d = dashboard(DashboardOptions.builder())) {
            Http http = new Http(d.uri(), null, null);

            assertThat(http.post("/actions/retry", "job=" + id.value()).statusCode())
                    .isEqualTo(403);
            assertThat(http.post("/actions/retry", "job=" + id.value() + "&csrf=forged")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(errand.admin().job(id).orElseThrow().state()).isEqualTo(JobState.DEAD);

            String token = http.csrfFrom("/confirm?action=retry&job=" + id.value());
            HttpResponse<String> done = http.post("/actions/retry", "job=" + id.value() + "&csrf=" + token);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(errand.admin().job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
    }

    @Test
    void withUsers_anUnauthenticatedOrWrongRequestIsRefused401_andAViewerMayNotAct() {
        JobId id = deadJob("o-3");
        try (Dashboard d = dashboard(DashboardOptions.builder()
                .user(new DashboardUser("ops", OPS_HASH, Role.OPERATOR))
                .user(new DashboardUser("viewer", VIEW_HASH, Role.VIEWER)))) {
            assertThat(new Http(d.uri(), null, null).get("/").statusCode()).isEqualTo(401);
            assertThat(new Http(d.uri(), null, null)
                            .get("/assets/dashboard.css")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(new Http(d.uri(), "ops", "wrong").get("/").statusCode()).isEqualTo(401);
            assertThat(new Http(d.uri(), "nobody", "ops-secret").get("/").statusCode())
                    .isEqualTo(401);

            Http viewer = new Http(d.uri(), "viewer", "view-secret");
            assertThat(viewer.get("/").body())
                    .contains("viewer <em>(read-only)</em>")
                    .doesNotContain(">Pause</a>");
            String token = viewer.csrfFrom("/jobs/" + id.value());
            assertThat(viewer.post("/actions/retry", "job=" + id.value() + "&csrf=" + token)
                            .statusCode())
                    .isEqualTo(403);

            Http ops = new Http(d.uri(), "ops", "ops-secret");
            String opsToken = ops.csrfFrom("/confirm?action=retry&job=" + id.value());
            assertThat(ops.post("/actions/retry", "job=" + id.value() + "&csrf=" + opsToken)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(errand.admin().job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
    }

    @Test
    void everyAction_writesAnAuditLine_namingWhoDidWhatToWhich_andHowItEnded() {
        JobId id = deadJob("o-4");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Dashboard d = dashboard(DashboardOptions.builder()
                .user(new DashboardUser("ops", OPS_HASH, Role.OPERATOR))
                .user(new DashboardUser("viewer", VIEW_HASH, Role.VIEWER))
                .audit(lines::add))) {
            Http ops = new Http(d.uri(), "ops", "ops-secret");
            ops.post("/actions/retry", "job=" + id.value() + "&csrf=" + ops.csrfFrom("/"));
            ops.post("/actions/pause", "queue=mail");
            Http viewer = new Http(d.uri(), "viewer", "view-secret");
            viewer.post("/actions/resume", "queue=mail&csrf=" + viewer.csrfFrom("/"));

            assertThat(lines)
                    .containsExactly(
                            "user=ops remote=127.0.0.1 action=retry job=" + id.value() + " outcome=ok",
                            "user=ops remote=127.0.0.1 action=pause - outcome=refused-no-csrf-token",
                            "user=viewer remote=127.0.0.1 action=resume - outcome=refused-read-only");
        }
    }

    @Test
    void withoutUsers_aRequestForAnotherHostName_isRefused_asDnsRebindingWouldSendIt() throws Exception {
        try (Dashboard d = dashboard(DashboardOptions.builder());
                java.net.Socket socket = new java.net.Socket("127.0.0.1", d.port())) {
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: rebind.attacker.example:" + d.port()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 421 ").contains("answers only to http://127.0.0.1");
            assertThat(answer).doesNotContain("errand-csrf");
            assertThat(new Http(URI.create("http://localhost:" + d.port() + "/"), null, null)
                            .get("/")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void anAddressOtherThanLoopback_isRefusedWithoutUsers() {
        assertThatThrownBy(() -> Dashboard.start(
                        errand,
                        DashboardOptions.builder().host("0.0.0.0").port(0).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refuses to listen on 0.0.0.0 without authentication")
                .hasMessageContaining("password hash");
    }

    @Test
    void badFilters_areAnswered400_namingTheParameter() {
        try (Dashboard d = dashboard(DashboardOptions.builder())) {
            Http http = new Http(d.uri(), null, null);
            HttpResponse<String> state = http.get("/jobs?state=EXPLODED");
            assertThat(state.statusCode()).isEqualTo(400);
            assertThat(state.body()).contains("parameter state is not a job state");
            assertThat(http.get("/jobs?queue=%3Cb%3E").body()).contains("parameter queue is not a queue name");
            assertThat(http.get("/jobs?after=nonsense").statusCode()).isEqualTo(400);
            assertThat(http.get("/jobs?name=" + "x".repeat(500)).body()).contains("longer than 400 characters");
            assertThat(http.get("/jobs/no-such-job").statusCode()).isEqualTo(404);
        }
    }
}
