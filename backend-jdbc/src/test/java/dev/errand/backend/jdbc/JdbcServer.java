package dev.errand.backend.jdbc;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A database server of one test's own, on 127.0.0.1, that the test may stop, kill with SIGKILL
 * and start again on the same data directory and port. Closing it stops it for good.
 */
interface JdbcServer extends ServerOutageScenario.Server, AutoCloseable {
    String url();

    String user();

    String password();

    @Override
    void close();

    /** A backend on this server, on its own pool, with these extra {@code errand.*} settings (key, value, ...). */
    default JdbcBackend backend(String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put(JdbcSettings.URL, url());
        values.put(JdbcSettings.USERNAME, user());
        values.put(JdbcSettings.PASSWORD, password());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return new JdbcBackend(new BackendContext(ErrandConfig.of(values, "test"), Clock.systemUTC()));
    }

    /** The servers the fault tests run on, each with the durability settings of a production server. */
    enum Kind {
        /** PostgreSQL 14 with {@code fsync=on} and {@code synchronous_commit=on}. */
        POSTGRES {
            @Override
            JdbcServer start(Path dir) {
                return PostgresServer.dedicated(dir, Map.of());
            }
        },
        /** MariaDB 10.11 with {@code innodb_flush_log_at_trx_commit=1}. */
        MARIADB {
            @Override
            JdbcServer start(Path dir) {
                return MariaDbServer.dedicated(dir, "--innodb-flush-log-at-trx-commit=1");
            }
        },
        /**
         * H2 in server mode ({@code jdbc:h2:tcp:}), its TCP server in a JVM of its own, with
         * {@code WRITE_DELAY=0}: a commit is written to the file before it is acknowledged. With
         * H2's default (500 ms) a stopped or killed server loses the last commits; see
         * {@link ServerCrashTest} and {@link RestartUnderLoadTest}.
         */
        H2_SERVER {
            @Override
            JdbcServer start(Path dir) {
                return H2ServerProcess.start(dir, ";WRITE_DELAY=0");
            }
        };

        abstract JdbcServer start(Path dir);
    }

    /**
     * Ends a server's process with SIGTERM ({@code forcibly == false}) or SIGKILL and waits for it to exit;
     * a process that outlives {@code wait} is killed and the test fails naming the server.
     */
    static void end(Process process, boolean forcibly, Duration wait, String server) throws InterruptedException {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(server + " did not exit within " + wait.toSeconds() + " s of being "
                    + (forcibly ? "killed" : "stopped"));
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine", e);
        }
    }
}
