package dev.errand.backend.gearman;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Which server a job goes to. A job with a key goes where Perl's {@code Gearman::Client} sends it
 * ({@code Gearman/Task.pm hash()}: {@code ((crc32(uniq) >> 16) & 0x7fff) % n} over the configured list; for the
 * unique {@code -} the workload is hashed instead), so Perl and Java clients with the same list coalesce the same
 * keys on the same server. Jobs without a key go round-robin.
 */
final class ServerChoice {
    private final List<ServerAddress> servers;
    private final AtomicInteger next = new AtomicInteger();

    ServerChoice(List<ServerAddress> servers) {
        this.servers = List.copyOf(servers);
    }

    ServerAddress forKey(String uniqueKey, byte[] workload) {
        byte[] hashed = uniqueKey.equals("-") ? workload : uniqueKey.getBytes(StandardCharsets.UTF_8);
        return servers.get(perlHash(hashed) % servers.size());
    }

    ServerAddress roundRobin() {
        return servers.get(Math.floorMod(next.getAndIncrement(), servers.size()));
    }

    static int perlHash(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) ((crc.getValue() >> 16) & 0x7fff);
    }
}
