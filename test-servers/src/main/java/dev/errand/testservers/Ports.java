package dev.errand.testservers;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 that are free now: for a server to listen on, or for a client to find nothing listening.
 *
 * <p>They are taken below the range the operating system gives outgoing connections their local ports from
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default). A client that connects to a port in that
 * range while nothing listens there, as every client does while a test restarts its server, can be connected to
 * itself (TCP's simultaneous open) and then reads its own request back as the reply: a Redis client read its own
 * {@code EVALSHA} as a script's answer that way.
 */
public final class Ports {
    private static final int LOWEST = 10_000;
    /** Redis Cluster talks to its peers on the client port + 10000. */
    private static final int CLUSTER_BUS_OFFSET = 10_000;

    private Ports() {}

    /** A port that nothing listens on now. */
    public static int free() {
        return freeBelowOutgoing(0);
    }

    /** A port that is free now, and whose Redis Cluster bus port (+10000) is free too. */
    public static int freeWithClusterBus() {
        return freeBelowOutgoing(CLUSTER_BUS_OFFSET);
    }

    /** A free port p below the outgoing range whose p + {@code alsoFreeAt} is free and below it too. */
    private static int freeBelowOutgoing(int alsoFreeAt) {
        int below = firstOutgoingPort() - alsoFreeAt;
        if (below <= LOWEST) {
            throw new IllegalStateException("no room for test servers below the outgoing port range (it starts at "
                    + firstOutgoingPort() + "; tests need it to start above " + (LOWEST + alsoFreeAt) + ")");
        }
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (bindable(port) && (alsoFreeAt == 0 || bindable(port + alsoFreeAt))) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free port found on 127.0.0.1 between " + LOWEST + " and " + below + " in 200 tries");
    }

    /** The lowest local port of outgoing connections; Linux's default where the kernel does not say. */
    static int firstOutgoingPort() {
        try {
            // by line: procfs reports a size of 0, and Files.readString's read past its first byte gets nothing
            try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
