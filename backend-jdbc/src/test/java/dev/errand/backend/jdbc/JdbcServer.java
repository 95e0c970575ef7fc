package dev.errand.backend.jdbc;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testservers.DatabaseServer;
import dev.errand.testservers.H2ServerProcess;
import dev.errand.testservers.KillableMariaDb;
import dev.errand.testservers.KillablePostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A database server of one test's own ({@link DatabaseServer}, from errand-test-servers) as the
 * fault scenarios drive it, with backends on it. Closing it stops it for good.
 */
final class JdbcServer implements ServerOutageScenario.Server, AutoCloseable {
    private final DatabaseServer server;

    JdbcServer(DatabaseServer server) {
        this.server = server;
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }

    @Override
    public void kill() throws Exception {
        server.kill();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A backend on this server, on its own pool, with these extra {@code errand.*} settings (key, value, ...). */
    JdbcBackend backend(String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put(JdbcSettings.URL, server.url());
        values.put(JdbcSettings.USERNAME, server.user());
        values.put(JdbcSettings.PASSWORD, server.password());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return new JdbcBackend(new BackendContext(ErrandConfig.of(values, "test"), Clock.systemUTC()));
    }

    @Override
    public String toString() {
        return server.toString();
    }

    /** The servers the fault tests run on, each with the durability settings of a production server. */
    enum Kind {
        /** PostgreSQL 14 with {@code fsync=on} and {@code synchronous_commit=on}. */
        POSTGRES {
            @Override
            JdbcServer start(Path dir) {
                return new JdbcServer(KillablePostgres.start(dir, Map.of()));
            }
        },
        /** MariaDB 10.11 with {@code innodb_flush_log_at_trx_commit=1}. */
        MARIADB {
            @Override
            JdbcServer start(Path dir) {
                return new JdbcServer(KillableMariaDb.start(dir, "--innodb-flush-log-at-trx-commit=1"));
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
                return new JdbcServer(H2ServerProcess.start(dir, ";WRITE_DELAY=0"));
            }
        };

        abstract JdbcServer start(Path dir);
    }
}
