package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        settings = TestDatabases.postgres("notifications");
        pool = TestDatabases.poolWithSchema(settings);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void oneStatementFinishing700AwaitedJobs_sendsTheirIdsInThreeNotifications_andAClaimOrJobsNobodyAwaitsSendNone()
            throws SQLException {
        String jobs = settings.tables().jobs();
        // Ids far above the sequence's, which the other test's jobs take.
        TestDatabases.execute(
                pool,
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts,"
                        + " timeout_ms, enqueued_at, run_at, fingerprint, payload, awaited) SELECT 1000000 + g, 'noop',"
                        + " CASE WHEN g <= 700 THEN 'a' WHEN g <= 710 THEN 'b' ELSE 'c' END, 0, 'RUNNING', 1, 3, 60000,"
                        + " g, g, 'f', '\\x5b5d'::bytea, g <= 700 FROM generate_series(1, 760) g");
        try (Connection listener = pool.getConnection();
                Statement s = listener.createStatement()) {
            listener.setAutoCommit(true);
            s.execute("LISTEN " + settings.tables().doneChannel());
            s.execute("LISTEN " + settings.tables().workChannel());
            TestDatabases.execute(
                    pool,
                    // first, so that a notification it sent would come first
                    "UPDATE " + jobs + " SET state = 'SUCCEEDED', finished_at = 1 WHERE queue = 'c'",
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
                            LongStream.rangeClosed(1_000_001, 1_000_700).boxed().toList());
            assertThat(work).containsExactly("b");
        }
    }

    /**
     * With polls five minutes apart, only an announcement settles an outcome within seconds: a job submitted for its
     * outcome is announced, and so is a job enqueued in the background once someone starts to wait for it.
     */
    @Test
    void aSubmittedJob_andAJobSomeoneAwaitsLater_areAnnounced_andAJobNobodyAwaitsIsNot() throws Exception {
        JdbcSettings slowPolls = TestDatabases.settings(
                settings.url(), PostgresServer.USER, PostgresServer.PASSWORD, JdbcSettings.POLL_INTERVAL, "5m");
        try (JdbcBackend backend = new JdbcBackend(slowPolls, pool, Clock.systemUTC())) {
            Instant now = Instant.now();
            JobId submitted = backend.submit(
                            List.of(NewJobs.at(now).queue("announced").build()))
                    .get(0)
                    .id();
            CompletableFuture<Outcome> ofSubmitted = backend.outcome(submitted);
            JobId awaitedLater = backend.enqueue(
                            List.of(NewJobs.at(now).queue("announced").build()))
                    .get(0)
                    .id();
            CompletableFuture<Outcome> ofAwaitedLater = backend.outcome(awaitedLater);
            JobId unawaited = backend.enqueue(
                            List.of(NewJobs.at(now).queue("announced").build()))
                    .get(0)
                    .id();

            assertThat(awaited(submitted)).isTrue();
            assertThat(awaited(awaitedLater)).isTrue();
            assertThat(awaited(unawaited)).isFalse();
            // The first wait opened the LISTEN session; once it listens, an end is heard only if it is announced.
            await("the backend listens")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> backend.listeningSinceForTests() > 0);
            List<ClaimedJob> claimed = backend.claim(Set.of("announced"), 10, "w", Duration.ofSeconds(30));
            assertThat(claimed).hasSize(3);
            claimed.forEach(c -> backend.complete(c.lease(), null));

            assertThat(ofSubmitted.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(ofAwaitedLater.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static boolean awaited(JobId id) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT awaited FROM "
                        + settings.tables().jobs() + " WHERE id = " + Long.parseLong(id.value()))) {
            assertThat(rs.next()).as("job %s is stored", id).isTrue();
            return rs.getBoolean(1);
        }
    }
}
