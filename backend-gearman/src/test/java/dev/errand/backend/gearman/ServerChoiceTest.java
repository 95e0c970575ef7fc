package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.backend.gearman.protocol.Peer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server a keyed job goes to is the one Perl's Gearman::Client picks (Gearman/Task.pm hash()). */
class ServerChoiceTest {

    @Test
    void theHashIsPerls_forAsciiAndUtf8Keys() throws Exception {
        List<String> keys = new ArrayList<>(List.of("a", "order-42", "coalesce-1", "ünïcødé", "k".repeat(63)));
        for (int i = 0; i < 20; i++) {
            keys.add("key-" + i * 7919);
        }
        List<String> command = new ArrayList<>(List.of(
                "perl",
                "-MString::CRC32",
                "-e",
                "print join(',', map { (String::CRC32::crc32(pack('H*', $_)) >> 16) & 0x7fff } @ARGV)"));
        for (String k : keys) { // in hex, so the locale cannot change the bytes on the way
            command.add(java.util.HexFormat.of().formatHex(k.getBytes(StandardCharsets.UTF_8)));
        }
        String perl =
                new String(Peer.run(Duration.ofSeconds(30), command.toArray(String[]::new)), StandardCharsets.UTF_8);
        List<String> java = keys.stream()
                .map(k -> String.valueOf(ServerChoice.perlHash(k.getBytes(StandardCharsets.UTF_8))))
                .toList();
        assertThat(java).containsExactly(perl.split(","));
    }

    @Test
    void aKeyPicksTheSameServerEveryTime_andTheDashKeyHashesTheWorkload() {
        List<ServerAddress> servers =
                List.of(new ServerAddress("a", 1), new ServerAddress("b", 2), new ServerAddress("c", 3));
        ServerChoice choice = new ServerChoice(servers);
        byte[] workload = "w".getBytes(StandardCharsets.UTF_8);
        assertThat(choice.forKey("order-42", workload))
                .isEqualTo(servers.get(ServerChoice.perlHash("order-42".getBytes(StandardCharsets.UTF_8)) % 3));
        assertThat(choice.forKey("-", workload)).isEqualTo(servers.get(ServerChoice.perlHash(workload) % 3));
    }
}
