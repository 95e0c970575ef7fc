package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client JVM ({@link FaultChildMain}) enqueues with {@code enqueue(connection)} inside its own
 * PostgreSQL transaction, next to a row of its own, and is killed with SIGKILL. Killed before
 * the commit: neither the row nor the job exists, and no worker ever runs it (no phantom job).
 * Killed after the commit: both exist and the job runs once (no lost job).
 */
class TransactionalEnqueueCrashTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killedBeforeCommit_noPhantomJob_killedAfterCommit_jobRuns() throws Exception {
        String url = PostgresServer.shared().newDatabase("txcrash");
        String user = PostgresServer.USER;
        String password = PostgresServer.PASSWORD;
        TckService service = new TckService();
        try (Errand errand = Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, url)
                        .property(JdbcSettings.USERNAME, user)
                        .property(JdbcSettings.PASSWORD, password)
                        .build();
                Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE fault_orders (order_key VARCHAR(64) PRIMARY KEY)");
            }

            JobId phantom;
            try (FaultChild child = FaultChild.start("enqueue-uncommitted", url, user, password, "phantom")) {
                phantom = JobId.of(child.awaitLine("ENQUEUED ", 90).substring("ENQUEUED ".length()));
                assertThat(errand.job(phantom))
                        .as("an uncommitted job is invisible")
                        .isEmpty();
                child.kill();
            }
            // The server rolls the dead client's transaction back when it sees the socket close; this
            // lock is granted only once that transaction (which holds a lock on the table) has ended.
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '30s'");
                c.setAutoCommit(false);
                s.execute("LOCK TABLE fault_orders IN ACCESS EXCLUSIVE MODE");
                c.commit();
                c.setAutoCommit(true);
            }

            JobId kept;
            try (FaultChild child = FaultChild.start("enqueue-committed", url, user, password, "kept")) {
                kept = JobId.of(child.awaitLine("COMMITTED ", 90).substring("COMMITTED ".length()));
                child.kill();
            }

            try (Worker worker = errand.worker().register(service).queues("tck").start()) {
                assertThat(errand.awaitFinished(kept, Duration.ofSeconds(60)).state())
                        .isEqualTo(JobState.SUCCEEDED);
            }
            assertThat(service.runs("kept")).isEqualTo(1);
            assertThat(service.runs("phantom")).isZero();
            assertThat(errand.job(phantom))
                    .as("the job of the rolled-back transaction")
                    .isEmpty();
            assertThat(orders(c)).isEqualTo(1);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM errand_jobs")) {
                rs.next();
                assertThat(rs.getInt(1)).as("jobs in the table").isEqualTo(1);
            }
        }
    }

    private static int orders(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fault_orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
