package dev.errand.backend.gearman.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames as bytes: what the reader makes of good ones, and the error it gives for every kind of bad one. */
class PacketReaderTest {
    private static byte[] frame(String magic, long type, long size, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(magic.getBytes(StandardCharsets.ISO_8859_1));
        for (long v : new long[] {type, size}) {
            out.write((int) (v >>> 24));
            out.write((int) (v >>> 16));
            out.write((int) (v >>> 8));
            out.write((int) v);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static PacketReader reader(byte[] wire) {
        return new PacketReader(new ByteArrayInputStream(wire), Magic.RESPONSE, 1024, "test peer");
    }

    @Test
    void splitsOnTheFirstNulsOnly_theLastArgumentKeepsItsNuls() throws IOException {
        Packet p = reader(frame("\0RES", 31, 14, bytes("H:x:1\0f\0u\0a\0\0b"))).read();

        assertThat(p.type()).isEqualTo(PacketType.JOB_ASSIGN_UNIQ);
        assertThat(p.arg(0)).isEqualTo(bytes("H:x:1"));
        assertThat(p.arg(1)).isEqualTo(bytes("f"));
        assertThat(p.arg(2)).isEqualTo(bytes("u"));
        assertThat(p.arg(3)).isEqualTo(bytes("a\0\0b"));
    }

    @Test
    void emptyLastArgument_isKept() throws IOException {
        Packet p = reader(frame("\0RES", 13, 6, bytes("H:x:1\0"))).read();

        assertThat(p).isEqualTo(Packet.of(PacketType.WORK_COMPLETE, bytes("H:x:1"), new byte[0]));
    }

    @Test
    void trailingNulsAfterAHandle_areStripped() throws IOException {
        // what gearmand 1.1.20 sends for a WORK_EXCEPTION to a client without OPTION_REQ exceptions
        Packet p = reader(frame("\0RES", 14, 6, bytes("H:x:1\0"))).read();

        assertThat(p).isEqualTo(Packet.ofText(PacketType.WORK_FAIL, "H:x:1"));
    }

    @Test
    void readsPacketsOneAfterAnother_thenEofBetweenPackets() throws IOException {
        byte[] two = concat(frame("\0RES", 6, 0, new byte[0]), frame("\0RES", 8, 5, bytes("H:x:2")));
        PacketReader r = reader(two);

        assertThat(r.read()).isEqualTo(Packet.of(PacketType.NOOP));
        assertThat(r.read()).isEqualTo(Packet.ofText(PacketType.JOB_CREATED, "H:x:2"));
        assertThatThrownBy(r::read)
                .isExactlyInstanceOf(EOFException.class)
                .hasMessage("test peer closed the connection");
    }

    @Test
    void wrongMagic_isRefusedNamingTheBytes() {
        assertThatThrownBy(() -> reader(frame("HTTP", 8, 0, new byte[0])).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer sent bad magic \"HTTP\" where a packet should start with \"\\x00RES\""
                        + " (is it a Gearman server, and is the stream in step?)");
    }

    @Test
    void requestMagic_whereResponsesAreExpected_isBadMagic() {
        assertThatThrownBy(() -> reader(frame("\0REQ", 6, 0, new byte[0])).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("bad magic \"\\x00REQ\"");
    }

    @Test
    void unknownType_isRefusedNamingTheNumber() {
        assertThatThrownBy(() -> reader(frame("\0RES", 99, 0, new byte[0])).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer sent unknown packet type 99 (payload size 0)");
        assertThatThrownBy(() -> reader(frame("\0RES", 5, 0, new byte[0])).read())
                .hasMessageContaining("unknown packet type 5");
    }

    @Test
    void aRequestOnlyType_fromTheServer_isRefused() {
        assertThatThrownBy(() -> reader(frame("\0RES", 30, 0, new byte[0])).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("sent GRAB_JOB_UNIQ (30)");
    }

    @Test
    void oversizedSizeField_isRefusedBeforeAllocating() {
        assertThatThrownBy(() ->
                        reader(frame("\0RES", 13, 0xFFFF_FFFFL, new byte[0])).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer sent a WORK_COMPLETE packet with a payload of 4294967295 bytes,"
                        + " over the limit of 1024 bytes");
    }

    @Test
    void truncatedHeader_isRefusedWithWhatWasRead() {
        byte[] cut = Arrays.copyOf(frame("\0RES", 8, 5, bytes("H:x:2")), 7);

        assertThatThrownBy(() -> reader(cut).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer closed the connection inside a packet header: got 7 of 12 bytes"
                        + " \"\\x00RES\\x00\\x00\\x00\"");
    }

    @Test
    void truncatedPayload_isRefused() {
        byte[] cut = Arrays.copyOf(frame("\0RES", 8, 5, bytes("H:x:2")), 14);

        assertThatThrownBy(() -> reader(cut).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer closed the connection inside a JOB_CREATED packet: got 2 of 5 payload bytes");
    }

    @Test
    void tooFewArguments_isRefusedShowingThePayload() {
        // a WORK_COMPLETE without the NUL after the handle (what buggy Perl workers send)
        assertThatThrownBy(() -> reader(frame("\0RES", 13, 5, bytes("H:x:1"))).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer sent WORK_COMPLETE with 1 of its 2 arguments: \"H:x:1\"");
    }

    @Test
    void payloadOnAPacketWithoutArguments_isRefused() {
        assertThatThrownBy(() -> reader(frame("\0RES", 6, 1, bytes("x"))).read())
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessage("test peer sent NOOP with a payload of 1 bytes, but it takes no arguments: \"x\"");
    }

    @Test
    void aPeerThatStopsInsideAFrame_failsTheReadAtTheTimeout_neverHangs() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            peer.getOutputStream().write(Arrays.copyOf(frame("\0RES", 8, 5, bytes("H:x:2")), 14));
            peer.getOutputStream().flush();
            client.setSoTimeout(200);
            PacketReader r = new PacketReader(client.getInputStream(), Magic.RESPONSE, 1024, "stalled peer");

            assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> assertThatThrownBy(r::read)
                            .isInstanceOf(GearmanProtocolException.class)
                            .hasMessage("stalled peer stopped sending inside a packet: got 2 of 5 payload bytes"
                                    + " before the read timed out"));
        }
    }

    @Test
    void nothingAtAllWithinTheTimeout_isAPlainTimeout_theConnectionStaysInStep() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            client.setSoTimeout(100);
            PacketReader r = new PacketReader(client.getInputStream(), Magic.RESPONSE, 1024, "idle peer");

            assertThatThrownBy(r::read).isInstanceOf(java.net.SocketTimeoutException.class);
            peer.getOutputStream().write(frame("\0RES", 6, 0, new byte[0]));
            assertThat(r.read()).isEqualTo(Packet.of(PacketType.NOOP));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
