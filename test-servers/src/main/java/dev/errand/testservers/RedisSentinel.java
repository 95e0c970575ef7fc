package dev.errand.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Sentinel (the {@link RedisServer#binary() redis-server binary} in sentinel mode) on 127.0.0.1 that
 * watches one master as {@link #MASTER}, alone (quorum 1), and fails it over to a replica once it has not answered for
 * {@code downAfter}. Its configuration is in a temporary directory of its own, which Sentinel rewrites as it learns.
 */
public final class RedisSentinel implements AutoCloseable {
    /** The name the Sentinel knows the master by: {@code errand.redis.sentinel.master}. */
    public static final String MASTER = "errand-master";

    private final int port;
    private final Path dir;
    private final ServerProcess process;

    private RedisSentinel(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.process = new ServerProcess("redis-sentinel on port " + port, dir.resolve("sentinel.log"), null, Map.of());
    }

    /** Starts a Sentinel that watches {@code master}; returns once it answers. */
    public static RedisSentinel watch(RedisServer master, Duration downAfter) {
        Path dir;
        try {
            dir = Files.createTempDirectory("errand-sentinel-");
            int port = Ports.free();
            Files.writeString(
                    dir.resolve("sentinel.conf"),
                    String.join(
                            "\n",
                            "port " + port,
                            "bind 127.0.0.1",
                            "daemonize no",
                            "dir " + dir,
                            "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                            "sentinel down-after-milliseconds " + MASTER + " " + downAfter.toMillis(),
                            "sentinel failover-timeout " + MASTER + " 10000",
                            "sentinel parallel-syncs " + MASTER + " 1",
                            ""));
            RedisSentinel sentinel = new RedisSentinel(port, dir);
            sentinel.process.start(
                    List.of(
                            RedisServer.binary().getAbsolutePath(),
                            dir.resolve("sentinel.conf").toString(),
                            "--sentinel"),
                    Duration.ofSeconds(20),
                    Duration.ofMillis(20),
                    () -> ServerProcess.answers(port, "PING", "+PONG"));
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a configuration for redis-sentinel", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}: a value for {@code errand.redis.sentinel.nodes}. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** The port of the server the Sentinel names as the master now. */
    public int masterPort() {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER).get(1));
        }
    }

    /** Kills the Sentinel and deletes its directory. */
    @Override
    public void close() {
        try {
            process.end(true, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServerProcess.deleteTree(dir);
    }

    /** The last {@code lines} lines of the Sentinel's log, for a test's failure message. */
    public String recentLog(int lines) {
        return process.recentOutput(lines);
    }

    @Override
    public String toString() {
        return "redis-sentinel on port " + port + " watching " + MASTER;
    }
}
