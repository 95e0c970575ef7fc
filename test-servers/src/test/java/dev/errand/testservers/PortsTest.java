package dev.errand.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Test servers listen below the outgoing port range, so that a client reconnecting while a test has its server down
 * cannot be connected to itself.
 */
class PortsTest {
    @Test
    void theOutgoingRange_isReadFromTheKernel() throws IOException {
        String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0);

        assertThat(Ports.firstOutgoingPort())
                .isEqualTo(Integer.parseInt(range.trim().split("\\s+")[0]));
    }

    @RepeatedTest(20)
    void aFreePort_isBelowTheOutgoingRange_andBindable() throws IOException {
        int port = Ports.free();

        assertThat(port).isBetween(10_000, Ports.firstOutgoingPort() - 1);
        assertBindable(port);
    }

    @RepeatedTest(20)
    void aPortWithItsClusterBus_hasBothBelowTheOutgoingRange() throws IOException {
        int port = Ports.freeWithClusterBus();

        assertThat(port + 10_000).isLessThan(Ports.firstOutgoingPort());
        assertBindable(port);
        assertBindable(port + 10_000);
    }

    private static void assertBindable(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }
}
