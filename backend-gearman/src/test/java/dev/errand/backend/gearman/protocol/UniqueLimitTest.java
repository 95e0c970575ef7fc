package dev.errand.backend.gearman.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.GearmandServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * gearmand 1.1.20 accepts a 64-byte unique but hands it to a {@code GRAB_JOB_UNIQ} worker cut to 63 bytes and followed
 * by two NULs, so the workload the worker reads starts with a NUL: why Errand's limit is 63 bytes.
 */
class UniqueLimitTest {

    private static Packet assigned(GearmandServer gearmand, String function, String unique) throws Exception {
        try (TestConnection client = TestConnection.open(gearmand);
                TestConnection worker = TestConnection.open(gearmand)) {
            client.send(Packet.ofText(PacketType.SUBMIT_JOB_BG, function, unique, "payload"));
            client.expect(PacketType.JOB_CREATED);
            worker.send(Packet.ofText(PacketType.CAN_DO, function), Packet.of(PacketType.GRAB_JOB_UNIQ));
            return worker.expect(PacketType.JOB_ASSIGN_UNIQ);
        }
    }

    @Test
    void a63ByteUniqueArrivesIntact_a64ByteOneShiftsANulIntoTheWorkload() throws Exception {
        GearmandServer gearmand = GearmandServer.shared();
        Packet ok = assigned(gearmand, "unique63", "u".repeat(63));
        assertThat(ok.text(2)).isEqualTo("u".repeat(63));
        assertThat(ok.text(3)).isEqualTo("payload");

        Packet cut = assigned(gearmand, "unique64", "u".repeat(64));
        assertThat(cut.text(2)).isEqualTo("u".repeat(63));
        assertThat(cut.arg(3)).isEqualTo("\0payload".getBytes(StandardCharsets.UTF_8));
    }
}
