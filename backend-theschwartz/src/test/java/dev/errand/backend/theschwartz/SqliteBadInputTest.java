package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Perl job whose arg Java cannot represent or bind ends dead at once, with an error naming the job and what is
 * wrong that Perl's failure_log reads; the worker goes on.
 */
class SqliteBadInputTest {
    @TempDir
    Path dir;

    private Errand errand;
    private Perl perl;
    private Path client;

    @BeforeEach
    void open() throws Exception {
        errand = TheSchwartzSchema.sqliteErrand(dir);
        perl = new Perl("", "");
        client = Perl.script(dir, "ts_client.pl");
    }

    @AfterEach
    void close() {
        errand.close();
    }

    private JobInfo runPerlInserted(String command) throws Exception {
        JobId id = JobId.of(perl.run(client, dsn(), command).strip());
        try (Worker w = errand.worker().register(new Shop()).start()) {
            return errand.awaitFinished(id, Duration.ofSeconds(30));
        }
    }

    private String dsn() {
        return "dbi:SQLite:dbname=" + dir.resolve("ts.db");
    }

    @Test
    void aBlessedObject_isDead_namingItsClass() throws Exception {
        JobInfo info = runPerlInserted("insert-blessed");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors()).hasSize(1);
        assertThat(info.lastError().orElseThrow().message())
                .contains("shop::Audit")
                .contains("blessed object of class Shop::Order");
        assertThat(perl.run(client, dsn(), "status", info.id().value()))
                .startsWith("exit=1\nfailure=")
                .contains("blessed object of class Shop::Order");
    }

    @Test
    void aNativeOrderImage_isDead_sayingNfreeze() throws Exception {
        JobInfo info = runPerlInserted("insert-native");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.lastError().orElseThrow().message()).contains("native-order Storable (freeze, not nfreeze)");
    }

    @Test
    void anArgThatDoesNotBind_isDead_namingTheParameter() throws Exception {
        JobInfo info = runPerlInserted("insert-unbindable");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors())
                .as("not retried: a bad payload does not get better")
                .hasSize(1);
        assertThat(info.lastError().orElseThrow().message()).contains("'id'").contains("shop::Audit");
    }
}
