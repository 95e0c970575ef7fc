package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testkit.ChildJvm;
import dev.errand.testservers.Ports;
import dev.errand.testservers.PostgresServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A password set in the configuration never reaches anything Errand writes: a whole run in a new
 * JVM ({@link LeakyJdbcRun}) on a real PostgreSQL server, as a least-privilege user whose password
 * is that secret, with a job that fails until it is dead, the server dropping every connection,
 * a wrong password, an unreachable server, passwords inside URLs and misspelt keys. Everything
 * the JVM wrote (exceptions with their causes and stack traces, error histories, the timing log,
 * and the SLF4J log at TRACE plus java.util.logging at ALL) must not contain it.
 */
class JdbcSecretsLeakTest {
    @Test
    void aFailingRun_neverWritesThePassword() throws Exception {
        String secret = "Errand-S3cret-" + UUID.randomUUID().toString().substring(0, 8);
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(user, "leak", secret);
        int closedPort = Ports.free(); // nothing listens there

        ChildJvm.Result run = ChildJvm.run(
                LeakyJdbcRun.class,
                List.of(url, user, PostgresServer.shared().url("postgres"), Integer.toString(closedPort)),
                Map.of("ERRAND_TEST_SECRET", secret),
                Map.of(
                        "org.slf4j.simpleLogger.defaultLogLevel",
                        "trace",
                        "org.slf4j.simpleLogger.showThreadName",
                        "true"),
                outputFile(),
                Duration.ofMinutes(3));

        String out = run.output();
        assertThat(run.exitCode())
                .as("exit code of the run, output in %s", run.outputFile())
                .isZero();
        assertThat(out)
                .as("the scenarios ran: see %s", run.outputFile())
                .contains("[scenario] all done")
                .contains("ok: fine")
                .contains("fn=TckService.alwaysFail")
                .contains("status=dead")
                .contains("the job failed on purpose")
                .contains("after the outage: again")
                .contains("password authentication failed for user \"" + user + "\"")
                .contains("Connection to 127.0.0.1:" + closedPort + " refused")
                // passwords in URLs are taken out before the driver or a message sees the URL
                .contains("errand.jdbc.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/app?user=" + user + " (from")
                .contains("errand.jdbc.url=jdbc:mariadb://127.0.0.1:" + closedPort + "/app (from defaults) as user '"
                        + user)
                .contains("invalid value 'postgres://" + user + ":****@127.0.0.1/app' for errand.jdbc.url")
                .contains("unknown configuration key errand.jdbc.passwrd")
                .contains("invalid value '${env:ERRAND_TEST_SECRET}' for errand.jdbc.pool.maximumPoolSize");
        assertThat(out)
                .as("the password, anywhere in %s", run.outputFile())
                .doesNotContain(secret)
                .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** Kept in target/ so a failure can be read after the run. */
    private static Path outputFile() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(Path.of("target", "secrets-leak"))
                .resolve("jdbc-run.log");
    }
}
