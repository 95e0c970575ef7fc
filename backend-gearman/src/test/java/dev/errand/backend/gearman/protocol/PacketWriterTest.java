package dev.errand.backend.gearman.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The exact bytes the writer puts on the wire, and the packets {@link Packet} refuses to build. */
class PacketWriterTest {
    /** Counts flushes: a pipelined batch must leave in one. */
    private static final class Recording extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void submitJob_isMagicTypeSizeThenNulSeparatedArguments() throws IOException {
        Recording out = new Recording();
        new PacketWriter(out, Magic.REQUEST)
                .write(Packet.of(PacketType.SUBMIT_JOB, bytes("f"), bytes("u"), bytes("a\0b")));

        assertThat(HexFormat.of().formatHex(out.toByteArray()))
                .isEqualTo("00524551" + "00000007" + "00000007" + "66" + "00" + "75" + "00" + "610062");
    }

    @Test
    void packetWithoutArguments_hasSizeZero() throws IOException {
        Recording out = new Recording();
        new PacketWriter(out, Magic.REQUEST).write(Packet.of(PacketType.GRAB_JOB_UNIQ));

        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("00524551" + "0000001e" + "00000000");
    }

    @Test
    void aBatch_leavesInOneFlush_andReadsBackInOrder() throws IOException {
        Recording out = new Recording();
        List<Packet> batch = List.of(
                Packet.ofText(PacketType.SUBMIT_JOB_BG, "f", "u1", "w1"),
                Packet.ofText(PacketType.SUBMIT_JOB_BG, "f", "u2", "w2"),
                Packet.of(PacketType.ECHO_REQ, new byte[] {0, 1, 0}));
        new PacketWriter(out, Magic.REQUEST).write(batch);

        assertThat(out.flushes).isEqualTo(1);
        PacketReader back =
                new PacketReader(new ByteArrayInputStream(out.toByteArray()), Magic.REQUEST, 1024, "the writer");
        assertThat(List.of(back.read(), back.read(), back.read())).isEqualTo(batch);
    }

    @Test
    void aResponseOnlyType_cannotBeWrittenAsARequest() {
        assertThatThrownBy(() -> new PacketWriter(new Recording(), Magic.REQUEST)
                        .write(Packet.ofText(PacketType.JOB_CREATED, "H:x:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JOB_CREATED is not sent as REQUEST");
    }

    @Test
    void aNulInAnArgumentButTheLast_isRefused() {
        assertThatThrownBy(() -> Packet.of(PacketType.SUBMIT_JOB, bytes("f\0g"), bytes("u"), bytes("w")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 0 of SUBMIT_JOB contains a NUL byte; only the last argument may: \"f\\x00g\"");
    }

    @Test
    void theWrongNumberOfArguments_isRefused() {
        assertThatThrownBy(() -> Packet.ofText(PacketType.WORK_COMPLETE, "H:x:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WORK_COMPLETE takes 2 argument(s) but 1 were given");
    }

    @Test
    void everyCodeOfTheProtocol_once() {
        Set<Integer> codes =
                Stream.of(PacketType.values()).map(PacketType::code).collect(Collectors.toSet());

        assertThat(codes).hasSize(41).doesNotContain(0, 5).allMatch(c -> c >= 1 && c <= 42);
        assertThat(PacketType.of(36)).contains(PacketType.SUBMIT_JOB_EPOCH);
        assertThat(PacketType.of(5)).isEmpty();
        assertThat(PacketType.of(4_294_967_295L)).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
