package dev.errand.backend.gearman.protocol;

import static dev.errand.backend.gearman.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.testservers.GearmandServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The selector-read worker connection: against a real gearmand with payloads far larger than its read buffer (both
 * ways, NULs included), and against a local peer that sends a packet in pieces, bad magic, or closes mid-packet.
 */
class PolledConnectionTest {
    private static final GearmandServer SERVER = GearmandServer.shared();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String fn = "polled_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWorkloadAndResultOfAMegabyte_crossByteForByte() throws IOException {
        byte[] workload = new byte[1 << 20];
        new Random(7).nextBytes(workload);
        workload[0] = 0;
        byte[] result = new byte[(1 << 20) + 3];
        new Random(8).nextBytes(result);
        try (TestConnection client = TestConnection.open(SERVER);
                PolledConnection worker = PolledConnection.open(SERVER.host(), SERVER.port(), TIMEOUT, TIMEOUT);
                Selector selector = Selector.open()) {
            worker.register(selector, "worker");
            client.send(Packet.of(SUBMIT_JOB, fn.getBytes(StandardCharsets.UTF_8), "u".getBytes(), workload));
            String handle = client.expect(JOB_CREATED).text(0);

            worker.send(List.of(Packet.ofText(CAN_DO, fn), Packet.of(GRAB_JOB_UNIQ)));
            Packet assign = readOne(worker, selector);
            assertThat(assign.type()).isEqualTo(JOB_ASSIGN_UNIQ);
            assertThat(assign.text(0)).isEqualTo(handle);
            assertThat(assign.arg(3)).isEqualTo(workload);

            worker.send(List.of(Packet.of(WORK_COMPLETE, handle.getBytes(StandardCharsets.UTF_8), result)));
            assertThat(client.expect(WORK_COMPLETE).arg(1)).isEqualTo(result);
        }
    }

    @Test
    void aThreadWithItsInterruptStatusSet_sendsMoreThanTheSocketHolds_withoutGivingUp_andKeepsTheStatus()
            throws Exception {
        byte[] big = new byte[32 << 20];
        try (Local local = Local.open()) {
            AtomicLong drained = new AtomicLong();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = local.peer.socket.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        drained.addAndGet(n);
                    }
                } catch (IOException e) {
                    // the test closed the peer
                }
            });
            reader.start();
            Thread.currentThread().interrupt(); // as a job thread that restored its interrupt status
            try {
                // 32 MB fill the socket buffers many times over: the write waits for room in a selector
                local.c.send(List.of(Packet.of(WORK_COMPLETE, "H:x:1".getBytes(StandardCharsets.UTF_8), big)));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(local.c.isOpen()).isTrue();
            await("the peer got the whole packet")
                    .atMost(TIMEOUT)
                    .until(() -> drained.get() == 12 + "H:x:1".length() + 1 + big.length);
        }
    }

    @Test
    void aPacketSentInPieces_arrivesWhole_andTwoInOneSegmentArriveInOrder() throws Exception {
        byte[] noop = {0, 'R', 'E', 'S', 0, 0, 0, 6, 0, 0, 0, 0};
        byte[] noJob = {0, 'R', 'E', 'S', 0, 0, 0, 10, 0, 0, 0, 0};
        try (Local local = Local.open()) {
            local.out.write(noop, 0, 5);
            local.out.flush();
            List<Packet> got = new ArrayList<>();
            assertThat(readSome(local.c, local.selector, got)).isEmpty(); // five bytes are not a packet yet
            local.out.write(noop, 5, 7);
            local.out.write(noJob);
            local.out.flush();
            while (got.size() < 2) {
                readSome(local.c, local.selector, got);
            }
            assertThat(got).containsExactly(Packet.of(NOOP), Packet.of(NO_JOB));
        }
    }

    @Test
    void badMagic_isAProtocolError() throws Exception {
        try (Local local = Local.open()) {
            local.out.write("HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII));
            local.out.flush();
            assertThatThrownBy(() -> readUntilFailure(local.c, local.selector))
                    .isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("bad magic");
        }
    }

    @Test
    void aPeerClosingInsideAPacket_isAProtocolError_andBetweenPackets_anEof() throws Exception {
        try (Local local = Local.open()) {
            local.out.write(new byte[] {0, 'R', 'E', 'S', 0, 0, 0, 6});
            local.out.flush();
            local.peer.close();
            assertThatThrownBy(() -> readUntilFailure(local.c, local.selector))
                    .isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("closed the connection inside a packet");
        }
        try (Local local = Local.open()) {
            local.peer.close();
            assertThatThrownBy(() -> readUntilFailure(local.c, local.selector))
                    .isExactlyInstanceOf(EOFException.class)
                    .hasMessageContaining("closed the connection");
        }
    }

    /** Waits (at most 10 s) for one packet. */
    private static Packet readOne(PolledConnection c, Selector selector) throws IOException {
        List<Packet> got = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (got.isEmpty()) {
            assertThat(System.nanoTime()).as("a packet within 10 s").isLessThan(deadline);
            readSome(c, selector, got);
        }
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    /** Reads what is there after waiting up to 100 ms for something; returns what came in this call. */
    private static List<Packet> readSome(PolledConnection c, Selector selector, List<Packet> into) throws IOException {
        List<Packet> now = new ArrayList<>();
        if (selector.select(100) > 0) {
            selector.selectedKeys().clear();
            c.readAvailable(now::add);
        }
        into.addAll(now);
        return now;
    }

    private static void readUntilFailure(PolledConnection c, Selector selector) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            readSome(c, selector, new ArrayList<>());
        }
        throw new AssertionError("the connection did not fail within 10 s");
    }

    /** A connection to a {@link LocalPeer}, registered with a selector; {@code out} writes what the peer sends. */
    private record Local(LocalPeer peer, PolledConnection c, Selector selector, OutputStream out)
            implements AutoCloseable {
        static Local open() throws IOException {
            LocalPeer peer = new LocalPeer();
            PolledConnection c = PolledConnection.open("127.0.0.1", peer.port(), TIMEOUT, TIMEOUT);
            Selector selector = Selector.open();
            c.register(selector, "c");
            return new Local(peer, c, selector, peer.accept());
        }

        @Override
        public void close() throws IOException {
            selector.close();
            c.close();
            peer.close();
        }
    }

    /** A server socket on loopback that accepts one connection and writes what the test says. */
    private static final class LocalPeer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private Socket socket;

        LocalPeer() throws IOException {}

        int port() {
            return server.getLocalPort();
        }

        OutputStream accept() throws IOException {
            server.setSoTimeout((int) TIMEOUT.toMillis());
            socket = server.accept();
            socket.setTcpNoDelay(true);
            return socket.getOutputStream();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            server.close();
        }
    }
}
