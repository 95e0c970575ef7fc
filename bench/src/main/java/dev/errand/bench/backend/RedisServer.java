package dev.errand.bench.backend;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} on 127.0.0.1, started as the Redis backend's tests start it: the
 * binary that {@code com.github.codemonstur:embedded-redis} ships (or {@code -Dbench.redisServer=PATH}),
 * no RDB snapshots, {@code appendonly no} unless asked otherwise.
 */
final class RedisServer implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Process process;
    private final String appendonly;

    RedisServer(String appendonly) {
        this.appendonly = appendonly;
        try {
            dir = Files.createTempDirectory("errand-bench-redis-");
            port = freePort();
            File binary = binary();
            List<String> command = List.of(binary.getAbsolutePath(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", appendonly, "--protected-mode",
                    "no", "--daemonize", "no", "--loglevel", "warning");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir.resolve("redis.log"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server");
            }
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The keys the server holds: one session's store, as each session has its own prefix and ends with a flush. */
    long dbSize() {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return j.dbSize();
        }
    }

    void flushAll() {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.flushAll();
        }
    }

    String describe() {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            String version = "?";
            for (String line : j.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    version = line.substring("redis_version:".length());
                }
            }
            return "Redis " + version + " (embedded-redis binary), appendonly " + appendonly;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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

    private static File binary() throws IOException {
        String named = System.getProperty("bench.redisServer", System.getenv("ERRAND_TEST_REDIS_SERVER"));
        File binary = named != null && !named.isBlank() ? new File(named) : ExecutableProvider.newJarResourceProvider().get();
        if (!binary.canExecute()) {
            throw new IllegalStateException("redis-server binary " + binary + " does not exist or is not executable");
        }
        return binary;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
