package dev.errand.testservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} on 127.0.0.1 with its data in a temporary directory of its own: no
 * RDB snapshots and {@code appendonly no} unless the extra arguments say otherwise (a later
 * argument wins). The binary is the one {@code com.github.codemonstur:embedded-redis} ships
 * (Redis 6.2, linux-amd64), or the file named by {@code -Derrand.test.redisServer} /
 * {@code ERRAND_TEST_REDIS_SERVER} (e.g. {@code /usr/bin/redis-server}). A server that cannot
 * start fails with its log; nothing is skipped.
 */
public final class RedisServer implements KillableServer {
    private static File binary;

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final ServerProcess process;

    private RedisServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.process = new ServerProcess(
                "redis-server on port " + port, dir.resolve("redis-" + port + ".log"), null, Map.of());
    }

    /**
     * Starts a server on a free port (whose cluster bus port is free too) with these extra
     * arguments, e.g. {@code "--appendonly", "yes"}.
     */
    public static RedisServer launch(String... extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("errand-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server", e);
        }
        RedisServer redis = new RedisServer(Ports.freeWithClusterBus(), dir, List.of(extraArgs));
        redis.start();
        return redis;
    }

    /**
     * A replica of {@code master} ({@code --replicaof}) with these extra arguments, started; returns once the master
     * counts it as online, so a {@code WAIT 1} on the master is answered from the start.
     */
    public static RedisServer replicaOf(RedisServer master, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)));
        args.addAll(List.of(extraArgs));
        RedisServer replica = launch(args.toArray(new String[0]));
        try {
            Awaitility.await(master + " counts its replica on port " + replica.port + " as online")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> {
                        try (Jedis j = master.connect()) {
                            return j.info("replication").contains("port=" + replica.port + ",state=online");
                        }
                    });
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    public int port() {
        return port;
    }

    /** Where its AOF and log files are. */
    public Path dir() {
        return dir;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A connection to it, as the default user without a password. */
    public Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    /** The server's version, from {@code INFO server}. */
    public String version() {
        try (Jedis j = connect()) {
            for (String line : j.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length());
                }
            }
            return "?";
        }
    }

    /** (Re)starts the server on the same port and directory: an AOF there is replayed. */
    @Override
    public void start() {
        List<String> command = new ArrayList<>(List.of(
                binary().getAbsolutePath(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning"));
        command.addAll(extraArgs);
        process.start(
                command,
                Duration.ofSeconds(20),
                Duration.ofMillis(20),
                () -> ServerProcess.answers(port, "PING", "+PONG"));
    }

    /**
     * SIGTERM: Redis shuts down cleanly, fsyncing its AOF (and saving an RDB snapshot if save
     * points are configured; {@link #start()} configures none). Returns when it has exited.
     */
    @Override
    public void stop() throws InterruptedException {
        process.end(false, Duration.ofSeconds(30));
    }

    /**
     * SIGKILL: no shutdown, no final AOF rewrite. What Redis had not yet written to the AOF file is
     * lost; what it wrote but did not fsync survives here, as only the process dies, not the machine.
     */
    @Override
    public void kill() {
        try {
            process.end(true, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        ServerProcess.deleteTree(dir);
    }

    /** The last {@code lines} lines of the server's log, for a test's failure message. */
    public String recentLog(int lines) {
        return process.recentOutput(lines);
    }

    @Override
    public String toString() {
        return "redis-server on port " + port + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
    }

    /** The {@code redis-server} binary every server runs. */
    public static synchronized File binary() {
        if (binary == null) {
            String named = System.getProperty("errand.test.redisServer", System.getenv("ERRAND_TEST_REDIS_SERVER"));
            File found;
            try {
                found = named != null && !named.isBlank()
                        ? new File(named)
                        : ExecutableProvider.newJarResourceProvider().get();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "no redis-server binary for this OS/architecture in embedded-redis ("
                                + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                                + "); install Redis and run"
                                + " with -Derrand.test.redisServer=/usr/bin/redis-server",
                        e);
            }
            if (!found.canExecute()) {
                throw new IllegalStateException(
                        "redis-server binary " + found + " does not exist or is not executable");
            }
            binary = found;
        }
        return binary;
    }
}
