package dev.errand.backend.gearman.protocol;

import static dev.errand.backend.gearman.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.testservers.GearmandServer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Packet by packet against a real gearmand 1.1.20: what a client and a worker written on the
 * protocol classes send, and exactly what the server answers. Each test uses functions of its
 * own, so the shared server's queues do not mix.
 */
class GearmandRoundTripTest {
    private static final GearmandServer SERVER = GearmandServer.shared();
    private static final byte[] BINARY = {0, 'a', 0, 0, (byte) 0xff, 'b', 0};

    private final String fn = "rt_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<TestConnection> connections = new ArrayList<>();

    private TestConnection connect() {
        TestConnection c = TestConnection.open(SERVER);
        connections.add(c);
        return c;
    }

    @AfterEach
    void close() throws IOException {
        for (TestConnection c : connections) {
            c.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A worker that registered {@link #fn} and grabbed the next job: its JOB_ASSIGN_UNIQ. */
    private Packet grab(TestConnection worker) throws IOException {
        worker.send(Packet.ofText(CAN_DO, fn), Packet.of(GRAB_JOB_UNIQ));
        return worker.expect(JOB_ASSIGN_UNIQ);
    }

    /** A foreground job submitted by {@code client} and grabbed by {@code worker}: its handle. */
    private String submitAndGrab(TestConnection client, TestConnection worker) throws IOException {
        client.send(Packet.ofText(SUBMIT_JOB, fn, "", "w"));
        String handle = client.expect(JOB_CREATED).text(0);
        grab(worker);
        return handle;
    }

    @Test
    void submitJob_jobCreated_grabJobUniq_workComplete_binaryBothWays() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();

        client.send(Packet.of(SUBMIT_JOB, bytes(fn), bytes("u-1"), BINARY));
        String handle = client.expect(JOB_CREATED).text(0);
        assertThat(handle).matches("H:[^\\x00]+:\\d+");

        Packet assign = grab(worker);
        assertThat(assign).isEqualTo(Packet.of(JOB_ASSIGN_UNIQ, bytes(handle), bytes(fn), bytes("u-1"), BINARY));

        byte[] result = {0, 0, 'r', 0};
        worker.send(Packet.of(WORK_COMPLETE, bytes(handle), result));
        assertThat(client.receive()).isEqualTo(Packet.of(WORK_COMPLETE, bytes(handle), result));
    }

    @Test
    void emptyWorkloadAndEmptyResult_arriveEmpty() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();

        client.send(Packet.of(SUBMIT_JOB, bytes(fn), new byte[0], new byte[0]));
        String handle = client.expect(JOB_CREATED).text(0);
        assertThat(grab(worker))
                .isEqualTo(Packet.of(JOB_ASSIGN_UNIQ, bytes(handle), bytes(fn), new byte[0], new byte[0]));

        worker.send(Packet.of(WORK_COMPLETE, bytes(handle), new byte[0]));
        assertThat(client.receive()).isEqualTo(Packet.of(WORK_COMPLETE, bytes(handle), new byte[0]));
    }

    @Test
    void workDataThenWorkComplete_areForwardedSeparately() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        String handle = submitAndGrab(client, worker);

        worker.send(
                Packet.ofText(WORK_DATA, handle, "part1-"),
                Packet.ofText(WORK_STATUS, handle, "1", "2"),
                Packet.ofText(WORK_COMPLETE, handle, "final"));

        assertThat(List.of(client.receive(), client.receive(), client.receive()))
                .containsExactly(
                        Packet.ofText(WORK_DATA, handle, "part1-"),
                        Packet.ofText(WORK_STATUS, handle, "1", "2"),
                        Packet.ofText(WORK_COMPLETE, handle, "final"));
    }

    @Test
    void workFail_reachesTheClientAsWorkFail() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        String handle = submitAndGrab(client, worker);

        worker.send(Packet.ofText(WORK_FAIL, handle));

        assertThat(client.receive()).isEqualTo(Packet.ofText(WORK_FAIL, handle));
    }

    @Test
    void workException_toAClientThatAskedForExceptions_arrivesAsWorkException() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        client.send(Packet.ofText(OPTION_REQ, "exceptions"));
        assertThat(client.receive()).isEqualTo(Packet.ofText(OPTION_RES, "exceptions"));
        String handle = submitAndGrab(client, worker);

        worker.send(Packet.of(WORK_EXCEPTION, bytes(handle), bytes("java.lang.IllegalStateException: boom\0!")));

        assertThat(client.receive())
                .isEqualTo(Packet.of(WORK_EXCEPTION, bytes(handle), bytes("java.lang.IllegalStateException: boom\0!")));
    }

    @Test
    void workException_toAClientThatDidNotAsk_becomesWorkFailWithAStrayNul_whichTheReaderDrops() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        String handle = submitAndGrab(client, worker);

        worker.send(Packet.ofText(WORK_EXCEPTION, handle, "java.lang.IllegalStateException: boom"));

        // the raw frame: WORK_FAIL (14) whose payload is the handle and one NUL, the text is gone
        DataInputStream raw = new DataInputStream(client.socket().getInputStream());
        byte[] header = new byte[12];
        raw.readFully(header);
        int size = ((header[8] & 0xff) << 24)
                | ((header[9] & 0xff) << 16)
                | ((header[10] & 0xff) << 8)
                | (header[11] & 0xff);
        byte[] payload = new byte[size];
        raw.readFully(payload);
        assertThat(header[7]).isEqualTo((byte) WORK_FAIL.code());
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(handle + "\0");

        byte[] frame = new byte[12 + size];
        System.arraycopy(header, 0, frame, 0, 12);
        System.arraycopy(payload, 0, frame, 12, size);
        Packet read =
                new PacketReader(new ByteArrayInputStream(frame), Magic.RESPONSE, 1024, "the captured frame").read();
        assertThat(read).isEqualTo(Packet.ofText(WORK_FAIL, handle));
    }

    @Test
    void getStatus_ofAQueuedJob_aRunningJob_andAnUnknownHandle() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        client.send(Packet.ofText(SUBMIT_JOB_BG, fn, "", "w"));
        String handle = client.expect(JOB_CREATED).text(0);

        client.send(Packet.ofText(GET_STATUS, handle));
        assertThat(client.receive()).isEqualTo(Packet.ofText(STATUS_RES, handle, "1", "0", "0", "0"));

        grab(worker);
        worker.send(Packet.ofText(WORK_STATUS, handle, "3", "10"), Packet.of(ECHO_REQ, bytes("barrier")));
        // gearmand handles one connection's packets in order: the echo comes back after the status is stored
        worker.expect(ECHO_RES);
        client.send(Packet.ofText(GET_STATUS, handle));
        assertThat(client.receive()).isEqualTo(Packet.ofText(STATUS_RES, handle, "1", "1", "3", "10"));

        client.send(Packet.ofText(GET_STATUS, "H:nowhere:424242"));
        assertThat(client.receive()).isEqualTo(Packet.ofText(STATUS_RES, "H:nowhere:424242", "0", "0", "0", "0"));
    }

    @Test
    void echo_returnsTheBytesUnchanged_nulsIncluded() throws IOException {
        TestConnection client = connect();

        client.send(Packet.of(ECHO_REQ, BINARY));

        assertThat(client.receive()).isEqualTo(Packet.of(ECHO_RES, BINARY));
    }

    @Test
    void aUniqueOf65Bytes_isArgumentTooLarge_64IsAccepted() throws IOException {
        TestConnection client = connect();

        client.send(Packet.ofText(SUBMIT_JOB_BG, fn, "x".repeat(65), "w"));
        assertThat(client.receive()).isEqualTo(Packet.ofText(ERROR, "ARGUMENT_TOO_LARGE", "Unique value too large"));

        client.send(Packet.ofText(SUBMIT_JOB_BG, fn, "x".repeat(64), "w"));
        assertThat(client.expect(JOB_CREATED).text(0)).startsWith("H:");
    }

    @Test
    void submitJobEpoch_inThePast_isCreatedAndRunsAtOnce() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();

        client.send(Packet.ofText(SUBMIT_JOB_EPOCH, fn, "e-1", "1", "later"));
        String handle = client.expect(JOB_CREATED).text(0);

        assertThat(grab(worker)).isEqualTo(Packet.ofText(JOB_ASSIGN_UNIQ, handle, fn, "e-1", "later"));
    }

    @Test
    void anUnknownPacketType_makesGearmandCloseTheConnection_whichTheReaderReportsAsEof() throws IOException {
        TestConnection client = connect();
        // type 99 with an empty payload: PacketWriter cannot write it, so the bytes go out by hand
        client.socket().getOutputStream().write(new byte[] {0, 'R', 'E', 'Q', 0, 0, 0, 99, 0, 0, 0, 0});

        assertThatThrownBy(client::receive)
                .isInstanceOf(EOFException.class)
                .hasMessage("gearmand " + SERVER.address() + " closed the connection");
    }

    @Test
    void aSleepingWorker_isWokenByNoop_thenGetsNoJobWhenTheQueueIsEmpty() throws IOException {
        TestConnection worker = connect();
        TestConnection client = connect();
        worker.send(Packet.ofText(CAN_DO, fn), Packet.of(GRAB_JOB_UNIQ));
        assertThat(worker.receive()).isEqualTo(Packet.of(NO_JOB));
        worker.send(Packet.of(PRE_SLEEP));

        client.send(Packet.ofText(SUBMIT_JOB_BG, fn, "", "wake"));
        client.expect(JOB_CREATED);

        assertThat(worker.receive()).isEqualTo(Packet.of(NOOP));
        worker.send(Packet.of(GRAB_JOB_UNIQ));
        assertThat(worker.expect(JOB_ASSIGN_UNIQ).text(3)).isEqualTo("wake");
        worker.send(Packet.of(GRAB_JOB_UNIQ));
        assertThat(worker.receive()).isEqualTo(Packet.of(NO_JOB));
    }

    @Test
    void pipelinedSubmits_inOneFlush_getTheirJobCreatedInOrder() throws IOException {
        TestConnection client = connect();
        TestConnection worker = connect();
        Packet[] batch = new Packet[50];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = Packet.ofText(SUBMIT_JOB_BG, fn, "p-" + i, "w-" + i);
        }

        client.send(batch);
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            handles.add(client.expect(JOB_CREATED).text(0));
        }

        assertThat(new HashSet<>(handles)).hasSize(batch.length);
        worker.send(Packet.ofText(CAN_DO, fn));
        for (int i = 0; i < batch.length; i++) {
            worker.send(Packet.of(GRAB_JOB_UNIQ));
            Packet assign = worker.expect(JOB_ASSIGN_UNIQ);
            assertThat(assign.text(0)).isEqualTo(handles.get(i));
            assertThat(assign.text(2)).isEqualTo("p-" + i);
        }
    }
}
