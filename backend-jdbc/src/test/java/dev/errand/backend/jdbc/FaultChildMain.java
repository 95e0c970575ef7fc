package dev.errand.backend.jdbc;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for the JDBC fault tests, meant to be killed with SIGKILL:
 * {@code FaultChildMain <mode> <url> <user> <password> [key]}.
 * <ul>
 * <li>{@code worker}: serves the TCK jobs with a 2 s lease as worker {@code doomed}, prints
 * {@code STARTED} once a {@code block} job runs, then waits to be killed.</li>
 * <li>{@code enqueue-uncommitted}: inserts a row of its own and enqueues {@code record(key)} in
 * one open transaction, prints {@code ENQUEUED <id>} and waits to be killed before it commits.</li>
 * <li>{@code enqueue-committed}: the same, but commits first and prints {@code COMMITTED <id>}.</li>
 * </ul>
 */
public final class FaultChildMain {
    private FaultChildMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String user = args[2];
        String password = args[3];
        try (Errand errand = Errand.builder()
                .backend("jdbc")
                .property(JdbcSettings.URL, url)
                .property(JdbcSettings.USERNAME, user)
                .property(JdbcSettings.PASSWORD, password)
                .build()) {
            if (mode.equals("worker")) {
                TckService service = new TckService();
                errand.worker()
                        .register(service)
                        .threads(1)
                        .lease(Duration.ofSeconds(2))
                        .name("doomed")
                        .start();
                service.started.await();
                System.out.println("STARTED");
                System.out.flush();
            } else {
                Connection c = DriverManager.getConnection(url, user, password);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO fault_orders (order_key) VALUES ('" + args[4] + "')");
                }
                JobId id = new TckServiceJobs(errand).record(args[4]).enqueue(c);
                if (mode.equals("enqueue-committed")) {
                    c.commit();
                    System.out.println("COMMITTED " + id);
                } else {
                    System.out.println("ENQUEUED " + id);
                }
                System.out.flush();
            }
            new CountDownLatch(1).await(); // until SIGKILL
        }
    }
}
