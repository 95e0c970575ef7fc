package dev.errand.backend.gearman.protocol;

import static dev.errand.backend.gearman.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.backend.gearman.admin.AdminClient;
import dev.errand.backend.gearman.admin.FunctionStatus;
import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The protocol classes against real foreign peers through a real gearmand: a Perl
 * {@code Gearman::Worker} and the C {@code gearman -w} worker serving a Java client, and a Perl
 * {@code Gearman::Client} and the {@code gearman} CLI client served by a Java worker.
 */
class ForeignPeersTest {
    private static final GearmandServer SERVER = GearmandServer.shared();
    private static final Duration PEER_WAIT = Duration.ofSeconds(30);

    private final String prefix = "fp_" + UUID.randomUUID().toString().substring(0, 8);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until gearmand's {@code status} counts a worker for {@code function}; fails at once if the peer died. */
    private static void awaitWorkerFor(String function, Peer peer) {
        await("a worker for " + function + " registered on " + SERVER + " (" + peer + ")")
                .atMost(PEER_WAIT)
                .failFast(peer + " exited", () -> !peer.alive())
                .until(() -> availableWorkers(function) >= 1);
    }

    private static long availableWorkers(String function) throws IOException {
        try (AdminClient admin = AdminClient.connect(SERVER.host(), SERVER.port(), Duration.ofSeconds(5))) {
            return admin.status().stream()
                    .filter(s -> s.function().equals(function))
                    .mapToLong(FunctionStatus::availableWorkers)
                    .sum();
        }
    }

    private Peer perlWorker() {
        Peer peer = Peer.start("perl", Peer.script("perl_worker.pl"), SERVER.address(), prefix);
        awaitWorkerFor(prefix + "_reverse", peer);
        return peer;
    }

    @Test
    void aJavaClient_callsAPerlWorker_binaryWorkloadAndResult() throws Exception {
        byte[] workload = {'h', 0, 'l', 'l', 'o', (byte) 0xff, 0};
        byte[] reversed = {0, (byte) 0xff, 'o', 'l', 'l', 0, 'h'};
        try (Peer worker = perlWorker();
                TestConnection client = TestConnection.open(SERVER)) {
            client.send(Packet.of(SUBMIT_JOB, bytes(prefix + "_reverse"), new byte[0], workload));
            String handle = client.expect(JOB_CREATED).text(0);

            assertThat(client.receive()).isEqualTo(Packet.of(WORK_COMPLETE, bytes(handle), reversed));
        }
    }

    /**
     * Gearman::Worker 2.004 answers a handler's {@code die} with WORK_EXCEPTION (an nfreeze'd
     * scalar ref) and then WORK_FAIL. gearmand passes the first to a client that did not ask for
     * exceptions as WORK_FAIL "H\0", answers the second with ERROR JOB_NOT_FOUND, and the Perl
     * worker dies on that ERROR: one failing job costs a Perl worker process.
     */
    @Test
    void aPerlWorkerThatDies_failsAPlainClientsJobWithWorkFail_andThePerlWorkerExits() throws Exception {
        try (Peer worker = perlWorker();
                TestConnection client = TestConnection.open(SERVER)) {
            client.send(Packet.ofText(SUBMIT_JOB, prefix + "_fail", "", "x"));
            String handle = client.expect(JOB_CREATED).text(0);

            assertThat(client.receive()).isEqualTo(Packet.ofText(WORK_FAIL, handle));
            assertThat(worker.awaitExit(PEER_WAIT)).isNotZero();
            assertThat(worker.stderr()).contains("JOB_NOT_FOUND");
        }
    }

    @Test
    void aPerlWorkerThatDies_sendsAStorableExceptionToAClientThatAskedForExceptions() throws Exception {
        try (Peer worker = perlWorker();
                TestConnection client = TestConnection.open(SERVER)) {
            client.send(Packet.ofText(OPTION_REQ, "exceptions"));
            client.expect(OPTION_RES);
            client.send(Packet.ofText(SUBMIT_JOB, prefix + "_fail", "", "y"));
            String handle = client.expect(JOB_CREATED).text(0);

            Packet exception = client.expect(WORK_EXCEPTION);
            assertThat(exception.text(0)).isEqualTo(handle);
            // nfreeze(\"perl worker refuses\n"): network-order major 2 (0x05), Storable's minor,
            // SX_SCALAR (0x0a), length 20, the text
            byte[] payload = exception.arg(1);
            assertThat(payload[0]).isEqualTo((byte) 0x05);
            assertThat(Arrays.copyOfRange(payload, 2, payload.length))
                    .isEqualTo(concat(new byte[] {0x0a, 20}, bytes("perl worker refuses\n")));
        }
    }

    @Test
    void aJavaClient_callsTheGearmanCliWorker() throws Exception {
        String function = prefix + "_rev";
        try (Peer worker = Peer.start(
                        "gearman",
                        "-h",
                        SERVER.host(),
                        "-p",
                        Integer.toString(SERVER.port()),
                        "-w",
                        "-f",
                        function,
                        "--",
                        "rev");
                TestConnection client = TestConnection.open(SERVER)) {
            awaitWorkerFor(function, worker);

            client.send(Packet.ofText(SUBMIT_JOB, function, "", "hello gearman"));
            String handle = client.expect(JOB_CREATED).text(0);

            assertThat(client.receive()).isEqualTo(Packet.ofText(WORK_COMPLETE, handle, "namraeg olleh"));
        }
    }

    @Test
    void aPerlClient_isServedByAJavaWorker() throws Exception {
        String function = prefix + "_upper";
        try (JavaTestWorker worker = new JavaTestWorker(SERVER, "java-test#1", function, ForeignPeersTest::upper)) {
            byte[] out =
                    Peer.run(PEER_WAIT, "perl", Peer.script("perl_client.pl"), SERVER.address(), function, "from perl");

            assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("FROM PERL");
        }
    }

    @Test
    void theGearmanCliClient_isServedByAJavaWorker() throws Exception {
        String function = prefix + "_upper";
        try (JavaTestWorker worker = new JavaTestWorker(SERVER, "java-test#2", function, ForeignPeersTest::upper)) {
            byte[] out = Peer.run(
                    PEER_WAIT,
                    "gearman",
                    "-h",
                    SERVER.host(),
                    "-p",
                    Integer.toString(SERVER.port()),
                    "-f",
                    function,
                    "from the c client");

            assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("FROM THE C CLIENT");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] upper(byte[] workload) {
        return bytes(new String(workload, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
    }
}
