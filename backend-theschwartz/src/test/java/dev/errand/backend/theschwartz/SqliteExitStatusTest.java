package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.job.JobId;
import dev.errand.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that end without an exit status, as TheSchwartz's default {@code keep_exit_status_for 0} leaves them: their
 * outcome is unknown, and Errand says so instead of waiting forever or guessing.
 */
class SqliteExitStatusTest {
    @TempDir
    Path dir;

    @Test
    void keepExitStatusFor0_writesNone_refusesAwaitFinished_andFailsASubmittedJobsFuture() throws Exception {
        try (Errand errand = TheSchwartzSchema.sqliteErrand(dir, Map.of("errand.theschwartz.keepExitStatusFor", "0"))) {
            ShopJobs jobs = new ShopJobs(errand);
            JobId enqueued = jobs.count(1).enqueue();
            assertThatThrownBy(() -> errand.awaitFinished(enqueued, Duration.ofSeconds(5)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("awaitFinished() needs a backend with BACKGROUND_OUTCOMES")
                    .hasMessageContaining(
                            "errand.theschwartz.keepExitStatusFor is 0, so Java workers write no exit" + " status");
            JobFuture<Void> submitted = jobs.count(2).submit();

            try (Worker w = errand.worker().register(new Shop()).start()) {
                await("the Java worker runs both jobs").until(() -> count("SELECT COUNT(*) FROM job") == 0);
            }

            assertThat(count("SELECT COUNT(*) FROM exitstatus"))
                    .as("exit status rows written")
                    .isZero();
            assertThatThrownBy(() -> submitted.await(Duration.ofSeconds(30)))
                    .hasMessageContaining("TheSchwartz job " + submitted.id() + " finished without an exit status")
                    .hasMessageContaining("errand.theschwartz.keepExitStatusFor of a Java worker, is 0")
                    .hasMessageContaining("outcome unknown");
        }
    }

    @Test
    void aPerlWorkerClassThatKeepsNoExitStatus_failsTheFuture_outcomeUnknown() throws Exception {
        try (Errand errand = TheSchwartzSchema.sqliteErrand(dir)) {
            JobFuture<Void> submitted = new PerlShopJobs(errand).forget("gone").submit();
            JobId enqueued = new PerlShopJobs(errand).forget("also gone").enqueue();
            Perl perl = new Perl("", "");
            Path out = dir.resolve("forget.out");
            Path worker = Perl.script(dir, "ts_worker.pl");

            perl.run(worker, "dbi:SQLite:dbname=" + dir.resolve("ts.db"), out.toString(), "forget");

            assertThat(Files.readAllLines(out))
                    .as("the Perl worker ran both")
                    .containsExactlyInAnyOrder("gone", "also gone");
            assertThatThrownBy(() -> submitted.await(Duration.ofSeconds(30)))
                    .hasMessageContaining("finished without an exit status (the worker class keeps none")
                    .hasMessageContaining("outcome unknown");
            assertThat(errand.job(enqueued)).as("a job that left no row at all").isEmpty();
            assertThatThrownBy(() -> errand.awaitFinished(enqueued, Duration.ofSeconds(5)))
                    .as("awaiting it once it is gone")
                    .hasMessageContaining("job " + enqueued + " is unknown to the theschwartz backend")
                    .rootCause()
                    .hasMessageContaining("finished by a worker that keeps no exit status");
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ts.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
