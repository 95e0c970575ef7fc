package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.dashboard.jobs.ShopJobsJobs;
import dev.errand.testservers.GearmandServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on a backend without the operator's calls: the Gearman adapter on a real gearmand. The overview shows
 * what gearmand's status gives; the job pages say what cannot be shown and why; actions are refused, not failed.
 */
class GearmanDashboardTest {
    private GearmandServer gearmand;
    private Errand errand;

    @BeforeEach
    void start() {
        gearmand = GearmandServer.launch();
        errand = Errand.fromProperties(
                Map.of("errand.backend", "gearman", "errand.gearman.servers", gearmand.address()));
    }

    @AfterEach
    void stop() {
        errand.close();
        gearmand.close();
    }

    @Test
    void overview_showsEachFunctionsWaitingJobs_fromGearmandsStatus_andSaysWhatItCannotShow() {
        new ShopJobsJobs(errand).send("a@example.com").enqueue();
        new ShopJobsJobs(errand).send("b@example.com").enqueue();
        try (Dashboard d =
                Dashboard.start(errand, DashboardOptions.builder().port(0).build())) {
            HttpResponse<String> page = new Http(d.uri(), null, null).get("/");

            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<th class=\"num\">Waiting</th><th class=\"num\">Running</th>")
                    .containsPattern(
                            "<tr data-queue=\"[^\"]+\"><td>[^<]+</td><td class=\"num\">2</td><td class=\"num\">0</td></tr>")
                    .contains("The gearman backend reports each queue's waiting and running jobs only")
                    .doesNotContain(">Dead<", "Pause a queue", "Retry every dead job");
        }
    }

    @Test
    void jobPages_sayWhatTheBackendCannotShow_andWhy_andActionsAreRefused501_andAudited() {
        List<String> audit = new CopyOnWriteArrayList<>();
        try (Dashboard d = Dashboard.start(
                errand, DashboardOptions.builder().port(0).audit(audit::add).build())) {
            Http http = new Http(d.uri(), null, null);
            for (String path :
                    List.of("/jobs", "/jobs?state=DEAD", "/jobs/mail:1", "/confirm?action=pause&queue=mail")) {
                HttpResponse<String> page = http.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertThat(page.body())
                        .as(path)
                        .contains("What the gearman backend can show")
                        .contains("gearmand keeps no list of jobs, no finished or dead jobs and no paused queues");
            }

            HttpResponse<String> pause = http.post("/actions/pause", "queue=mail&csrf=" + http.csrfFrom("/"));
            assertThat(pause.statusCode()).isEqualTo(501);
            assertThat(pause.body()).contains("The gearman backend cannot list jobs");
            assertThat(audit).containsExactly("user=local remote=127.0.0.1 action=pause - outcome=refused-unsupported");
        }
    }
}
