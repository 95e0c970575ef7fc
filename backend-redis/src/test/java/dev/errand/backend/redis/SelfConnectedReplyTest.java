package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.testservers.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * A client that reconnects while nothing listens on Redis's port can be connected to itself (a port in the host's range
 * for outgoing connections) and reads its own command back as the reply. An echo server stands in for that socket: the
 * script's call must fail with an error that names the backend, the script and the endpoint and says what happened,
 * not with a parse error of the echoed command.
 */
class SelfConnectedReplyTest {
    private static final List<byte[]> KEYS = List.of("errand:q:tck".getBytes(StandardCharsets.UTF_8));
    private static final List<byte[]> ARGS = List.of("1".getBytes(StandardCharsets.UTF_8));

    private ServerSocket echo;
    private Thread echoing;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(Ports.free(), 10, InetAddress.getLoopbackAddress());
        echoing = new Thread(this::echoEverything, "echo");
        echoing.setDaemon(true);
        echoing.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void aReplyThatIsTheCallItself_failsNamingTheBackendAndWhatHappened() {
        RedisSettings settings = settingsFor(Map.of());
        try (JedisPooled client = new JedisPooled("127.0.0.1", echo.getLocalPort())) {
            ScriptRunner runner = new ScriptRunner(client, settings, key -> {
                throw new AssertionError("no held connection expected");
            });

            assertThatThrownBy(() -> runner.run(Script.CLAIM, "tck", KEYS, ARGS))
                    .isInstanceOf(RedisBackendException.class)
                    .hasMessageStartingWith("Redis backend could not run claim on queue 'tck': the connection to ")
                    .hasMessageContaining("127.0.0.1:" + echo.getLocalPort())
                    .hasMessageContaining("answered with the command it was sent")
                    .hasMessageContaining("ip_local_port_range");
        }
    }

    /** With replica waits the script runs on a held connection: that one is dropped, not lent out again. */
    @Test
    void onAHeldConnection_theConnectionIsDropped() {
        RedisSettings settings = settingsFor(Map.of(RedisSettings.WAIT_REPLICAS, "1"));
        try (JedisPooled client = new JedisPooled("127.0.0.1", echo.getLocalPort())) {
            ScriptRunner runner =
                    new ScriptRunner(client, settings, key -> client.getPool().getResource());

            assertThatThrownBy(() -> runner.run(Script.ENQUEUE, "tck", KEYS, ARGS))
                    .isInstanceOf(RedisBackendException.class)
                    .hasMessageStartingWith("Redis backend could not run enqueue on queue 'tck': the connection to ")
                    .hasMessageContaining("answered with the command it was sent")
                    .hasMessageNotContaining("cannot reach");
            assertThat(client.getPool().getNumIdle()).isZero();
            assertThat(client.getPool().getDestroyedCount()).isEqualTo(1);
        }
    }

    /** Settings for Redis at the echo server, with these keys too. */
    private RedisSettings settingsFor(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("errand.redis.url", "redis://127.0.0.1:" + echo.getLocalPort());
        return RedisSettings.from(ErrandConfig.of(values, "test.properties"));
    }

    private void echoEverything() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> copy(s), "echo-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void copy(Socket s) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the client went away
        }
    }
}
