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
    private static final String OPS_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String VIEW_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";

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
            viewerMayNotRetry_operatorMay(viewer, new Http(d.uri(), "ops", "ops-secret"), id);
        }
    }

    /** A viewer's retry of the dead job, with a valid form token, is refused 403; the operator's then retries it. */
    private void viewerMayNotRetry_operatorMay(Http viewer, Http ops, JobId id) {
        String token = viewer.csrfFrom("/jobs/" + id.value());
        assertThat(viewer.post("/actions/retry", "job=" + id.value() + "&csrf=" + token)
                        .statusCode())
                .isEqualTo(403);
        assertThat(errand.admin().job(id).orElseThrow().state()).isEqualTo(JobState.DEAD);

        String opsToken = ops.csrfFrom("/confirm?action=retry&job=" + id.value());
        assertThat(ops.post("/actions/retry", "job=" + id.value() + "&csrf=" + opsToken)
                        .statusCode())
                .isEqualTo(200);
        assertThat(errand.admin().job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void withTokens_theRightTokenGetsIn_aWrongOrMissingOneIsRefused401_andAViewerTokenMayNotAct() {
        JobId id = deadJob("o-5");
        try (Dashboard d = dashboard(DashboardOptions.builder()
                .token(new DashboardToken("ci", OPS_TOKEN, Role.OPERATOR))
                .token(new DashboardToken("grafana", VIEW_TOKEN, Role.VIEWER)))) {
            HttpResponse<String> missing = new Http(d.uri(), null, null).get("/");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Bearer realm=\"Errand dashboard\"");
            assertThat(Http.bearer(d.uri(), OPS_TOKEN.replace('a', 'b'))
                            .get("/")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(Http.bearer(d.uri(), OPS_TOKEN.substring(1)).get("/").statusCode())
                    .isEqualTo(401);
            assertThat(new Http(d.uri(), "ci", OPS_TOKEN).get("/").statusCode())
                    .as("a token's secret as a basic-auth password")
                    .isEqualTo(401);

            Http viewer = Http.bearer(d.uri(), VIEW_TOKEN);
            assertThat(viewer.get("/").body()).contains("token:grafana <em>(read-only)</em>");
            viewerMayNotRetry_operatorMay(viewer, Http.bearer(d.uri(), OPS_TOKEN), id);
        }
    }

    @Test
    void usersAndTokens_workSideBySide_andEachRequestIsCheckedAgainstItsOwnScheme() {
        try (Dashboard d = dashboard(DashboardOptions.builder()
                .user(new DashboardUser("ops", OPS_HASH, Role.OPERATOR))
                .token(new DashboardToken("ci", OPS_TOKEN, Role.VIEWER)))) {
            assertThat(new Http(d.uri(), null, null).get("/").headers().allValues("WWW-Authenticate"))
                    .containsExactly(
                            "Basic realm=\"Errand dashboard\", charset=\"UTF-8\"", "Bearer realm=\"Errand dashboard\"");
            assertThat(new Http(d.uri(), "ops", "ops-secret").get("/").statusCode())
                    .isEqualTo(200);
            assertThat(Http.bearer(d.uri(), OPS_TOKEN).get("/").statusCode()).isEqualTo(200);
            assertThat(Http.bearer(d.uri(), "ops-secret").get("/").statusCode())
                    .as("a password as a bearer token")
                    .isEqualTo(401);
        }
    }

    @Test
    void anAddressOtherThanLoopback_withOnlyATokenConfigured_starts_andAsksForTheToken() {
        try (Dashboard d = Dashboard.start(
                errand,
                DashboardOptions.builder()
                        .host("0.0.0.0")
                        .port(0)
                        .token(new DashboardToken("ci", OPS_TOKEN, Role.VIEWER))
                        .build())) {
            URI local = URI.create("http://127.0.0.1:" + d.port() + "/");
            assertThat(new Http(local, null, null).get("/").statusCode()).isEqualTo(401);
            assertThat(Http.bearer(local, OPS_TOKEN).get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aToken_isNeverShown_byItsToString_norAcceptedWhenShort() {
        DashboardToken t = new DashboardToken("ci", OPS_TOKEN, Role.OPERATOR);
        assertThat(t.toString()).isEqualTo("DashboardToken[ci, OPERATOR]").doesNotContain(OPS_TOKEN);
        assertThatThrownBy(() -> new DashboardToken("ci", "short", Role.OPERATOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dashboard token ci must be 32 to 512 characters")
                .hasMessageNotContaining("short");
    }

    @Test
    void theAuditLine_namesTheForwardedClient_onlyWhenTheDirectPeerIsATrustedProxy() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Dashboard untrusting = dashboard(DashboardOptions.builder().audit(lines::add))) {
            Http forged = new Http(untrusting.uri(), null, null).with("X-Forwarded-For", "203.0.113.9");
            forged.post("/actions/pause", "queue=mail&csrf=" + forged.csrfFrom("/"));
        }
        try (Dashboard behindProxy =
                dashboard(DashboardOptions.builder().trustedProxy("127.0.0.0/8").audit(lines::add))) {
            Http proxied = new Http(behindProxy.uri(), null, null)
                    .with("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 127.0.0.2");
            proxied.post("/actions/resume", "queue=mail&csrf=" + proxied.csrfFrom("/"));
            Http named = new Http(behindProxy.uri(), null, null).with("X-Forwarded-For", "evil.example");
            named.post("/actions/resume", "queue=mail&csrf=" + named.csrfFrom("/"));
        }

        assertThat(lines)
                .containsExactly(
                        "user=local remote=127.0.0.1 action=pause queue=mail outcome=ok",
                        "user=local remote=203.0.113.9 via=127.0.0.1 action=resume queue=mail outcome=ok",
                        "user=local remote=127.0.0.1 action=resume queue=mail outcome=ok");
        assertThatThrownBy(() -> DashboardOptions.builder().trustedProxy("proxy.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trusted proxy 'proxy.example.com' is not an IP address nor a CIDR range");
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
