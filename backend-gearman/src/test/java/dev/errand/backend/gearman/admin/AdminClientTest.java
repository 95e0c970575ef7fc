package dev.errand.backend.gearman.admin;

import static dev.errand.backend.gearman.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.backend.gearman.protocol.TestConnection;
import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin client against a gearmand of this class's own, compared with what {@code gearadmin}
 * prints for the same server; and the errors for answers that are not what a command returns.
 */
class AdminClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static GearmandServer server;

    @BeforeAll
    static void start() {
        server = GearmandServer.launch();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AdminClient admin() throws IOException {
        return AdminClient.connect(server.host(), server.port(), TIMEOUT);
    }

    /** What {@code gearadmin OPTION} prints for this class's server. */
    private static String gearadminOutput(String option) throws Exception {
        byte[] out = Peer.run(
                Duration.ofSeconds(30),
                "gearadmin",
                "-h",
                server.host(),
                "-p",
                Integer.toString(server.port()),
                option);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The lines of a listing that {@code gearadmin OPTION} prints, without the closing ".". */
    private static List<String> gearadmin(String option) throws Exception {
        List<String> lines = List.of(gearadminOutput(option).split("\n"));
        assertThat(lines).as("gearadmin %s output", option).last().isEqualTo(".");
        return lines.subList(0, lines.size() - 1);
    }

    @Test
    void status_readsWhatGearadminPrints_queuedRunningAndWorkers() throws Exception {
        try (TestConnection client = TestConnection.open(server);
                TestConnection worker = TestConnection.open(server);
                AdminClient admin = admin()) {
            client.send(
                    Packet.ofText(SUBMIT_JOB_BG, "adm_queued", "", "1"),
                    Packet.ofText(SUBMIT_JOB_BG, "adm_queued", "", "2"),
                    Packet.ofText(SUBMIT_JOB_BG, "adm_running", "", "3"));
            client.expect(JOB_CREATED);
            client.expect(JOB_CREATED);
            client.expect(JOB_CREATED);
            worker.send(Packet.ofText(CAN_DO, "adm_running"), Packet.of(GRAB_JOB_UNIQ));
            worker.expect(JOB_ASSIGN_UNIQ);

            List<FunctionStatus> status = admin.status();

            assertThat(status)
                    .contains(new FunctionStatus("adm_queued", 2, 0, 0), new FunctionStatus("adm_running", 1, 1, 1));
            List<FunctionStatus> printed = new ArrayList<>();
            for (String line : gearadmin("--status")) {
                printed.add(AdminClient.parseStatus(line));
            }
            assertThat(printed).containsExactlyInAnyOrderElementsOf(status);
        }
    }

    @Test
    void workers_showsAWorkersClientIdAndFunctions_asGearadminDoes() throws Exception {
        try (TestConnection worker = TestConnection.open(server);
                AdminClient admin = admin()) {
            worker.send(
                    Packet.ofText(SET_CLIENT_ID, "host:42:bookmarks#1"),
                    Packet.ofText(CAN_DO, "adm_w1"),
                    Packet.ofText(CAN_DO, "shop::Audit"),
                    Packet.of(ECHO_REQ, new byte[0]));
            worker.expect(ECHO_RES);

            WorkerInfo mine = admin.workers().stream()
                    .filter(w -> w.clientId().equals("host:42:bookmarks#1"))
                    .findFirst()
                    .orElseThrow();

            assertThat(mine.address()).isEqualTo("127.0.0.1");
            assertThat(mine.functions()).containsExactlyInAnyOrder("adm_w1", "shop::Audit");
            List<WorkerInfo> printed = new ArrayList<>();
            for (String line : gearadmin("--workers")) {
                printed.add(AdminClient.parseWorker(line));
            }
            assertThat(printed).contains(mine);
            assertThat(printed)
                    .anyMatch(w -> w.clientId().equals("-") && w.functions().isEmpty());
        }
    }

    @Test
    void version_isGearadminsServerVersion() throws Exception {
        String printed = gearadminOutput("--server-version");
        try (AdminClient admin = admin()) {
            assertThat(admin.version()).startsWith("1.1.20").isEqualTo(printed.trim());
        }
    }

    /**
     * gearmand 1.1.20 answers OK and fails the waiting client at once, but forgets the job only
     * when a worker asks for work: until then GET_STATUS still says known=1, {@code status}
     * still counts it, and a second cancel is OK again and sends the client a second WORK_FAIL.
     * Only then does it say UNKNOWN_JOB.
     * (It answers "OK\r\n" and "ERR UNKNOWN_JOB\r\n" with CRLF, {@code status} with bare LF.)
     */
    @Test
    void cancelJob_failsTheWaitingClient_andTheJobIsForgottenAtTheNextGrab() throws Exception {
        try (TestConnection client = TestConnection.open(server);
                TestConnection worker = TestConnection.open(server);
                AdminClient admin = admin()) {
            client.send(Packet.ofText(SUBMIT_JOB, "adm_cancel", "", "w"));
            String handle = client.expect(JOB_CREATED).text(0);

            assertThat(admin.cancelJob(handle)).isTrue();
            assertThat(client.receive()).isEqualTo(Packet.ofText(WORK_FAIL, handle));
            client.send(Packet.ofText(GET_STATUS, handle));
            assertThat(client.receive()).isEqualTo(Packet.ofText(STATUS_RES, handle, "1", "0", "0", "0"));
            assertThat(admin.status()).contains(new FunctionStatus("adm_cancel", 1, 0, 0));
            assertThat(admin.cancelJob(handle)).isTrue();
            assertThat(client.receive()).as("a second WORK_FAIL").isEqualTo(Packet.ofText(WORK_FAIL, handle));

            worker.send(Packet.ofText(CAN_DO, "adm_cancel"), Packet.of(GRAB_JOB_UNIQ));
            assertThat(worker.receive()).isEqualTo(Packet.of(NO_JOB));

            client.send(Packet.ofText(GET_STATUS, handle));
            assertThat(client.receive()).isEqualTo(Packet.ofText(STATUS_RES, handle, "0", "0", "0", "0"));
            assertThat(admin.status()).contains(new FunctionStatus("adm_cancel", 0, 0, 1));
            assertThat(admin.cancelJob(handle)).isFalse();
        }
    }

    @Test
    void malformedStatusLines_areRefusedQuotingTheLine() {
        assertThatThrownBy(() -> AdminClient.parseStatus("f\t1\t0"))
                .isInstanceOf(GearmanAdminException.class)
                .hasMessage("malformed line in the answer to \"status\": \"f\t1\t0\";"
                        + " expected FUNCTION\\tTOTAL\\tRUNNING\\tAVAILABLE_WORKERS");
        assertThatThrownBy(() -> AdminClient.parseStatus("f\t1\tx\t0"))
                .hasMessageContaining("\"f\t1\tx\t0\"")
                .hasMessageEndingWith("with counts >= 0");
        assertThatThrownBy(() -> AdminClient.parseStatus("f\t-1\t0\t0")).hasMessageEndingWith("with counts >= 0");
        assertThatThrownBy(() -> AdminClient.parseStatus("\t1\t0\t0")).isInstanceOf(GearmanAdminException.class);
        assertThatThrownBy(() -> AdminClient.parseWorker("twenty 127.0.0.1 - : f"))
                .hasMessage("malformed line in the answer to \"workers\": \"twenty 127.0.0.1 - : f\";"
                        + " expected FD ADDRESS CLIENT-ID : FUNCTION...");
    }

    @Test
    void crlfAndLfLines_bothParse() throws Exception {
        try (FakeServer fake = new FakeServer("f\t3\t1\t2\r\ng\t0\t0\t0\n.\r\n");
                AdminClient admin = AdminClient.connect("127.0.0.1", fake.port(), TIMEOUT)) {
            assertThat(admin.status())
                    .containsExactly(new FunctionStatus("f", 3, 1, 2), new FunctionStatus("g", 0, 0, 0));
        }
    }

    @Test
    void anAnswerCutShort_isAClearError() throws Exception {
        try (FakeServer fake = new FakeServer("f\t3\t1");
                AdminClient admin = AdminClient.connect("127.0.0.1", fake.port(), TIMEOUT)) {
            fake.closeAfterAnswer();
            assertThatThrownBy(admin::status)
                    .isInstanceOf(GearmanAdminException.class)
                    .hasMessage("gearmand at 127.0.0.1:" + fake.port()
                            + " closed the connection in the answer to \"status\" after 5 bytes of a line");
        }
    }

    @Test
    void aServerThatNeverFinishesItsAnswer_timesOut_neverHangs() throws Exception {
        try (FakeServer fake = new FakeServer("f\t3\t1\t2\n");
                AdminClient admin = AdminClient.connect("127.0.0.1", fake.port(), Duration.ofMillis(300))) {
            assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> assertThatThrownBy(admin::status).isInstanceOf(SocketTimeoutException.class));
        }
    }

    @Test
    void anErrAnswer_isReportedWithTheServersText() throws Exception {
        try (FakeServer fake = new FakeServer("ERR UNKNOWN_COMMAND Unknown+server+command\r\n");
                AdminClient admin = AdminClient.connect("127.0.0.1", fake.port(), TIMEOUT)) {
            assertThatThrownBy(admin::status)
                    .isInstanceOf(GearmanAdminException.class)
                    .hasMessage("gearmand at 127.0.0.1:" + fake.port()
                            + " answered \"status\" with \"ERR UNKNOWN_COMMAND Unknown+server+command\"");
        }
    }

    /** Answers the first command line with fixed bytes: for answers a real gearmand does not give. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        private volatile boolean closeAfterAnswer;

        FakeServer(String answer) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    while (s.getInputStream().read() != '\n') {
                        // read the command line
                    }
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    if (!closeAfterAnswer) {
                        s.getInputStream().read(); // hold the connection until the client closes it
                    }
                } catch (IOException e) {
                    // the test closed it
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void closeAfterAnswer() {
            closeAfterAnswer = true;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            thread.join(10_000);
        }
    }
}
