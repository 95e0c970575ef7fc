package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobQuery;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.MariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database created by an earlier release (schema version 1) is brought to the current version (8) at start. */
class SchemaMigrationTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    Path dir;

    @Test
    void h2_fromVersion1() throws Exception {
        migratesFromVersion1("h2", TestDatabases.settings("jdbc:h2:file:" + dir.resolve("errand"), null, null));
    }

    @Test
    void postgres_fromVersion1() throws Exception {
        migratesFromVersion1("postgres", TestDatabases.postgres("migrate"));
    }

    @Test
    void mariaDb_fromVersion1() throws Exception {
        migratesFromVersion1(
                "mysql",
                TestDatabases.settings(MariaDbServer.shared().newDatabase("migrate", ""), MariaDbServer.USER, ""));
    }

    private static void migratesFromVersion1(String database, JdbcSettings settings) throws Exception {
        try (HikariDataSource ds = TestDatabases.pool(settings)) {
            TestDatabases.createSchemaVersion1(ds, database);
            Instant now = Instant.now();
            insertAtVersion1(ds, OLD_JOB, 4, now);
            assertThat(versions(ds, settings)).isEqualTo("1");

            try (JdbcBackend backend = new JdbcBackend(settings, ds, Clock.systemUTC())) {
                assertThat(versions(ds, settings)).isEqualTo("1,2,3,4,5,6,7,8");
                assertThat(backend.leadMaintenance("w1", Duration.ofSeconds(30)))
                        .isTrue();
                assertThat(backend.leadMaintenance("w2", Duration.ofSeconds(30)))
                        .isFalse();
                backend.pruneForTests(); // the retention statements find the version-2 index's columns
                assertThat(backend.schedules())
                        .as("the version-3 schedules table")
                        .isEmpty();
                backend.pause("mail"); // version 4: the paused queues table and the listing indexes
                assertThat(backend.pausedQueues()).containsExactly("mail");
                assertThat(backend.listJobs(JobQuery.all().states(JobState.DEAD))
                                .jobs())
                        .isEmpty();
                JobHeaders headers = JobHeaders.empty().with("traceparent", TRACEPARENT);
                JobId id = backend.enqueue(List.of(NewJobs.at(Instant.now())
                                .queue("mail")
                                .headers(headers)
                                .build()))
                        .get(0)
                        .id();
                assertThat(backend.find(id).orElseThrow().headers())
                        .as("version 5: the headers column")
                        .isEqualTo(headers);
                // version 8 (MySQL): the claim index's rank fits the lowest priority, and the job stored before
                // the upgrade was ranked anew (it would tie with priority 3 otherwise, which is due earlier)
                List<JobId> ids = backend
                        .enqueue(List.of(
                                NewJobs.at(now)
                                        .queue("old")
                                        .priority(Integer.MIN_VALUE)
                                        .build(),
                                NewJobs.at(now)
                                        .queue("old")
                                        .priority(3)
                                        .runAt(now.minusSeconds(60))
                                        .build()))
                        .stream()
                        .map(EnqueueResult::id)
                        .toList();
                assertThat(backend.claim(Set.of("old"), 10, "w1", Duration.ofSeconds(30)))
                        .extracting(ClaimedJob::id)
                        .containsExactly(JobId.of(Long.toString(OLD_JOB)), ids.get(1), ids.get(0));
            }
        }
    }

    /** An id well above those the sequence gives the jobs enqueued after the upgrade. */
    private static final long OLD_JOB = 1_000_000;

    /** A waiting job of queue "old" as a release at schema version 1 stored it. */
    private static void insertAtVersion1(HikariDataSource ds, long id, int priority, Instant runAt) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO errand_jobs (id, name, queue, priority, state,"
                        + " attempt, max_attempts, timeout_ms, enqueued_at, run_at, fingerprint, payload)"
                        + " VALUES (?, 'Tck.job', 'old', ?, 'AVAILABLE', 0, 3, 60000, ?, ?, 'f', ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, priority);
            ps.setLong(3, Micros.of(runAt));
            ps.setLong(4, Micros.of(runAt));
            ps.setBytes(5, "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ps.executeUpdate();
            c.commit();
        }
    }

    private static String versions(HikariDataSource ds, JdbcSettings settings) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        settings.tables().expand("SELECT version FROM {prefix}schema_version ORDER BY version"))) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ",").append(rs.getInt(1));
            }
        }
        return out.toString();
    }
}
