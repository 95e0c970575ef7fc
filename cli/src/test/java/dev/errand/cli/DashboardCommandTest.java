package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.manager.ManagerStatus;
import dev.errand.testservers.Ports;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errand dashboard} and the manager's {@code errand.manager.dashboard.port}, as real processes on PostgreSQL. */
@Tag("slow")
class DashboardCommandTest {
    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy(); // SIGTERM: the dashboard and the manager stop cleanly
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void errandDashboard_servesTheOverviewOfTheConfiguredBackend_onLoopback_withoutItsPassword() throws Exception {
        ManagedSetup setup = new ManagedSetup(tmp, "dashcli");
        int port = Ports.free();
        processes.add(setup.errandProcess("dashboard", "dashboard", "--port", Integer.toString(port)));

        String page = awaitPage(setup, "dashboard", URI.create("http://127.0.0.1:" + port + "/"));

        assertThat(page).contains("<span class=\"pill\">jdbc</span>", "No queue has jobs yet.");
        assertThat(page).doesNotContain(setup.url, "password");
        assertThat(Files.readString(setup.dir.resolve("dashboard.out")))
                .contains("Errand dashboard on http://127.0.0.1:" + port + "/ (jdbc backend)");
    }

    @Test
    void errandDashboard_onAnOpenAddressWithoutUsers_refusesToStart_sayingWhatToSet() throws Exception {
        ManagedSetup setup = new ManagedSetup(tmp, "dashopen").set("errand.dashboard.host", "0.0.0.0");
        Process p = setup.errandProcess("open", "dashboard", "--port", Integer.toString(Ports.free()));
        processes.add(p);

        assertThat(ManagedSetup.awaitExit(p, Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(setup.dir.resolve("open.out")))
                .contains("refuses to listen on 0.0.0.0 without authentication", "password hash");
    }

    @Test
    void hashPassword_printsABCryptHash_ofThePasswordOnStandardInput() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = Main.run(
                new String[] {"dashboard", "--hash-password"},
                new java.io.ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
                out,
                err);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).matches("\\$2a\\$12\\$[./A-Za-z0-9]{53}");
        assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("s3cret", hash))
                .isTrue();
        assertThat(Main.run(
                        new String[] {"dashboard", "--hash-password"},
                        new java.io.ByteArrayInputStream(new byte[0]),
                        out,
                        err))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theManagersDashboard_showsItsGroupAndChildren_fromTheStatusFile() throws Exception {
        int port = Ports.free();
        ManagedSetup setup = new ManagedSetup(tmp, "dashmgr")
                .set("errand.manager.dashboard.port", Integer.toString(port))
                .set("errand.manager.group.work.processes", "1");
        processes.add(setup.startManager());
        setup.awaitReady(1, Duration.ofSeconds(90));
        ManagerStatus.Child child = setup.children("ready").get(0);

        String page = awaitPage(setup, "manager", URI.create("http://127.0.0.1:" + port + "/manager"));

        assertThat(page).contains("Group work", ">" + child.pid() + "<", ">ready<");
    }

    private String awaitPage(ManagedSetup setup, String process, URI uri) {
        AtomicReference<String> body = new AtomicReference<>();
        setup.await("the dashboard answering " + uri + " (output in " + process + ".out)", Duration.ofSeconds(90))
                .until(() -> {
                    try {
                        HttpResponse<String> r =
                                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                        body.set(r.body());
                        return r.statusCode() == 200;
                    } catch (ConnectException e) {
                        return false;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return body.get();
    }
}
