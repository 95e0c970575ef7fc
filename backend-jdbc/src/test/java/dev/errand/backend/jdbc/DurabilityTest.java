package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs outlive the process that enqueued them: each backend here opens and closes its own pool
 * (closing the last connection closes the H2 file), and a new backend finds and runs the jobs.
 */
class DurabilityTest {
    @TempDir
    Path dir;

    @Test
    void h2File_keepsJobsAcrossBackends() {
        String url = "jdbc:h2:file:" + dir.resolve("durable") + ";DB_CLOSE_ON_EXIT=FALSE";
        enqueueCloseReopenAndRun(Map.of(JdbcSettings.URL, url));
    }

    @Test
    void postgres_keepsJobsAcrossBackends() {
        enqueueCloseReopenAndRun(Map.of(
                JdbcSettings.URL,
                PostgresServer.shared().newDatabase("durable"),
                JdbcSettings.USERNAME,
                PostgresServer.USER,
                JdbcSettings.PASSWORD,
                PostgresServer.PASSWORD));
    }

    @Test
    void capabilities_sayDurableShared_exceptForEmbeddedH2() {
        try (JdbcBackend h2 = open(Map.of(JdbcSettings.URL, "jdbc:h2:file:" + dir.resolve("caps")))) {
            assertThat(h2.capabilities())
                    .isEqualTo(Capability.withJobModel(Capability.DURABLE, Capability.TRANSACTIONAL_ENQUEUE));
        }
        try (JdbcBackend mem = open(Map.of(JdbcSettings.URL, "jdbc:h2:mem:caps"))) {
            assertThat(mem.capabilities()).isEqualTo(Capability.withJobModel(Capability.TRANSACTIONAL_ENQUEUE));
        }
        try (JdbcBackend pg = open(Map.of(
                JdbcSettings.URL,
                PostgresServer.shared().newDatabase("caps"),
                JdbcSettings.USERNAME,
                PostgresServer.USER,
                JdbcSettings.PASSWORD,
                PostgresServer.PASSWORD))) {
            assertThat(pg.capabilities())
                    .isEqualTo(Capability.withJobModel(
                            Capability.DURABLE, Capability.SHARED, Capability.TRANSACTIONAL_ENQUEUE));
        }
    }

    private void enqueueCloseReopenAndRun(Map<String, String> config) {
        JobId id;
        try (JdbcBackend first = open(config)) {
            id = first.enqueue(List.of(NewJobs.at(Clock.systemUTC().instant())
                            .name("Durable.job")
                            .payload("[7]")
                            .build()))
                    .get(0)
                    .id();
        }
        try (JdbcBackend second = open(config)) {
            assertThat(second.find(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
            ClaimedJob c =
                    second.claim(Set.of("q"), 10, "w", Duration.ofSeconds(30)).get(0);
            assertThat(c.id()).isEqualTo(id);
            assertThat(new String(c.payload())).isEqualTo("[7]");
            assertThat(second.complete(c.lease(), null)).isTrue();
        }
        try (JdbcBackend third = open(config)) {
            assertThat(third.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static JdbcBackend open(Map<String, String> config) {
        return new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test"), Clock.systemUTC()));
    }
}
