package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The PostgreSQL triggers notify once per statement, not once per row: the finished ids of one UPDATE in
 * comma-separated notifications of at most 300, the queues of rows that became waiting once each, and nothing for
 * a claim or a renewal.
 */
class PgNotificationsTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void schema() {
        settings = TestDatabases.settings(
                PostgresServer.shared().newDatabase("notifications"), PostgresServer.USER, PostgresServer.PASSWORD);
        pool = TestDatabases.pool(settings);
        new JdbcBackend(settings, pool, Clock.systemUTC()).close();
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void oneStatementFinishing700Jobs_sendsTheirIdsInThreeNotifications_andAClaimSendsNone() throws SQLException {
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts,"
                        + " timeout_ms, enqueued_at, run_at, fingerprint, payload) SELECT g, 'noop', CASE WHEN g <= 700 THEN 'a'"
                        + " ELSE 'b' END, 0, 'RUNNING', 1, 3, 60000, g, g, 'f', '\\x5b5d'::bytea FROM generate_series(1, 710) g");
        try (Connection listener = pool.getConnection();
                Statement s = listener.createStatement()) {
            listener.setAutoCommit(true);
            s.execute("LISTEN " + settings.tables().doneChannel());
            s.execute("LISTEN " + settings.tables().workChannel());
            TestDatabases.execute(
                    pool,
                    "UPDATE " + jobs + " SET lease_expires_at = 5 WHERE state = 'RUNNING'",
                    "UPDATE " + jobs + " SET state = 'SUCCEEDED', finished_at = 1 WHERE queue = 'a'",
                    "UPDATE " + jobs + " SET state = 'AVAILABLE' WHERE queue = 'b'");

            List<PGNotification> received = new ArrayList<>();
            PGConnection notifications = listener.unwrap(PGConnection.class);
            await("3 done notifications and 1 work notification")
                    .atMost(Duration.ofSeconds(10))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        PGNotification[] batch = notifications.getNotifications(200); // waits up to 200 ms
                        if (batch != null) {
                            received.addAll(Arrays.asList(batch));
                        }
                        return received.size() >= 4;
                    });
            List<Long> done = new ArrayList<>();
            List<String> work = new ArrayList<>();
            for (PGNotification n : received) {
                if (n.getName().equals(settings.tables().doneChannel())) {
                    assertThat(n.getParameter().split(",")).hasSizeLessThanOrEqualTo(300);
                    Arrays.stream(n.getParameter().split(","))
                            .map(Long::valueOf)
                            .forEach(done::add);
                } else {
                    work.add(n.getParameter());
                }
            }
            assertThat(received)
                    .as("3 done notifications and 1 work notification")
                    .hasSize(4);
            assertThat(done)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 700).boxed().toList());
            assertThat(work).containsExactly("b");
        }
    }
}
