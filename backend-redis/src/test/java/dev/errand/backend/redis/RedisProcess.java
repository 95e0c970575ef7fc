package dev.errand.backend.redis;

import dev.errand.testkit.ServerOutageScenario;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} on 127.0.0.1 that this test run starts and kills. The binary is the
 * one {@code com.github.codemonstur:embedded-redis} ships (Redis 6.2, linux-amd64), or the file named
 * by {@code -Derrand.test.redisServer} / {@code ERRAND_TEST_REDIS_SERVER} (e.g. {@code /usr/bin/redis-server}).
 * A server that cannot start fails the test with its log; nothing is skipped.
 */
final class RedisProcess implements ServerOutageScenario.Server, AutoCloseable {
    private static File binary;

    final int port;
    final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a free port with its data in a new temporary directory. */
    static RedisProcess launch(String... extraArgs) {
        try {
            Path dir = Files.createTempDirectory("errand-redis-");
            RedisProcess redis = new RedisProcess(freePort(), dir, List.of(extraArgs));
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts the server on the same port and directory: an AOF there is replayed. */
    @Override
    public synchronized void start() {
        List<String> command = new ArrayList<>(List.of(binary().getAbsolutePath(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(extraArgs);
        Path log = dir.resolve("redis-" + port + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server on port " + port + " did not start (" + command + "); log:\n"
                        + readLog(log));
            }
            Poll.pause();
        }
    }

    /**
     * SIGTERM: Redis shuts down cleanly, fsyncing its AOF (and saving an RDB snapshot if save
     * points are configured; {@link #start()} configures none). Returns when it has exited.
     */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit within 30 s of SIGTERM");
            }
            process = null;
        }
    }

    /**
     * SIGKILL: no shutdown, no final AOF rewrite. What Redis had not yet written to the AOF file is
     * lost; what it wrote but did not fsync survives here, as only the process dies, not the machine.
     */
    @Override
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static synchronized File binary() {
        if (binary == null) {
            String named = System.getProperty("errand.test.redisServer", System.getenv("ERRAND_TEST_REDIS_SERVER"));
            try {
                binary = named != null && !named.isBlank() ? new File(named)
                        : ExecutableProvider.newJarResourceProvider().get();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("no redis-server binary for this OS/architecture in embedded-redis ("
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "); install Redis and run"
                        + " with -Derrand.test.redisServer=/usr/bin/redis-server", e);
            }
            if (!binary.canExecute()) {
                throw new IllegalStateException("redis-server binary " + binary + " does not exist or is not executable");
            }
        }
        return binary;
    }

    /** A port that is free now, and whose cluster bus port (+10000) is free too. */
    static int freePort() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 45_000);
            if (bindable(port) && bindable(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair found on 127.0.0.1 in 200 tries");
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
