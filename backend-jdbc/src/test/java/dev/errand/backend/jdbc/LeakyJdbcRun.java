package dev.errand.backend.jdbc;

import static dev.errand.testkit.LeakScenario.expose;
import static dev.errand.testkit.LeakScenario.show;
import static dev.errand.testkit.LeakScenario.step;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.job.JobId;
import dev.errand.testkit.LeakScenario;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * The child JVM of {@link JdbcSecretsLeakTest}: {@code LeakyJdbcRun <url> <user> <adminUrl> <closedPort>}
 * with the password in the environment variable {@code ERRAND_TEST_SECRET}. Runs every way a
 * deployment with that password can fail, printing everything about each failure; logging is at
 * TRACE (SLF4J) and ALL (java.util.logging) on standard error.
 */
public final class LeakyJdbcRun {
    private LeakyJdbcRun() {}

    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        String adminUrl = args[2];
        String closedPort = args[3];
        String secret = System.getenv("ERRAND_TEST_SECRET");
        LeakScenario.verboseJulLogging();

        step("a run with a failing job, then the database drops the connections", () -> {
            try (Errand errand = Errand.builder()
                            .backend("jdbc")
                            .property(JdbcSettings.URL, url)
                            .property(JdbcSettings.USERNAME, user)
                            .property(JdbcSettings.PASSWORD, "${env:ERRAND_TEST_SECRET}")
                            .property(JdbcSettings.CREATE_SCHEMA, "false")
                            .property("errand.jdbc.pool.maximumPoolSize", "7")
                            .property("errand.jdbc.pool.dataSource.sslpassword", "${env:ERRAND_TEST_SECRET}")
                            .property("errand.worker.retryBackoff", "10ms")
                            .build();
                    Worker worker = errand.worker()
                            .register(new TckService())
                            .queues("tck")
                            .threads(2)
                            .start()) {
                show("errand", errand);
                show("config", errand.config());
                show("backend", errand.backend());
                show("worker", worker);
                TckServiceJobs jobs = new TckServiceJobs(errand);
                show("ok", jobs.echo("fine").call(Duration.ofSeconds(60)));
                JobId failing = jobs.alwaysFail("the job failed on purpose").enqueue();
                try {
                    errand.awaitFinished(failing, Duration.ofSeconds(60));
                    jobs.alwaysFail("and through call()").call(Duration.ofSeconds(60));
                } catch (JobFailedException e) {
                    expose(e);
                }
                expose(errand.job(failing).orElseThrow());

                try (Connection admin =
                                DriverManager.getConnection(adminUrl, PostgresServer.USER, PostgresServer.PASSWORD);
                        PreparedStatement ps = admin.prepareStatement(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
                    ps.setString(1, user);
                    ps.execute();
                }
                for (int i = 0; i < 20; i++) {
                    try {
                        show("after the outage", jobs.echo("again").call(Duration.ofSeconds(20)));
                        break;
                    } catch (RuntimeException e) {
                        expose(e);
                    }
                }
            }
        });
        step(
                "wrong password",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, url)
                        .property(JdbcSettings.USERNAME, user)
                        .property(JdbcSettings.PASSWORD, secret + "x")
                        .property(JdbcSettings.CREATE_SCHEMA, "false")
                        .build()
                        .close());
        step(
                "unreachable database",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, "jdbc:postgresql://127.0.0.1:" + closedPort + "/app")
                        .property(JdbcSettings.USERNAME, user)
                        .property(JdbcSettings.PASSWORD, secret)
                        .property("errand.jdbc.pool.connectionTimeout", "1000")
                        .build()
                        .close());
        step(
                "password in the URL, unreachable",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(
                                JdbcSettings.URL,
                                "jdbc:postgresql://127.0.0.1:" + closedPort + "/app?user=" + user + "&password="
                                        + secret)
                        .property("errand.jdbc.pool.connectionTimeout", "1000")
                        .build()
                        .close());
        step(
                "user and password in a MariaDB URL, unreachable",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(
                                JdbcSettings.URL,
                                "jdbc:mariadb://" + user + ":" + secret + "@127.0.0.1:" + closedPort + "/app")
                        .property("errand.jdbc.pool.connectionTimeout", "1000")
                        .build()
                        .close());
        step(
                "password in a URL that is not a JDBC URL",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, "postgres://" + user + ":" + secret + "@127.0.0.1/app")
                        .build()
                        .close());
        step(
                "a misspelt password key",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, url)
                        .property("errand.jdbc.passwrd", secret)
                        .build()
                        .close());
        step(
                "a password where a number belongs",
                () -> Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, url)
                        .property("errand.jdbc.pool.maximumPoolSize", "${env:ERRAND_TEST_SECRET}")
                        .build()
                        .close());
        System.out.println("[scenario] all done");
    }
}
