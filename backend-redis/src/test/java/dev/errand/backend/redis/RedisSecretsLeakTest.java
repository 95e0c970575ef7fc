package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testkit.ChildJvm;
import dev.errand.testservers.Ports;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Redis password set in the configuration never reaches anything Errand writes: a whole run in
 * a new JVM ({@link LeakyRedisRun}) against a redis-server with {@code requirepass} and an ACL user
 * whose password is the secret, with a job that fails until it is dead, Redis killed and restarted
 * without the user for a while, wrong and missing passwords, unreachable servers, passwords in bad
 * URLs and misspelt keys. Everything the JVM wrote (exceptions with causes and stack traces, error
 * histories, the timing log, the SLF4J log at TRACE) must not contain it.
 */
class RedisSecretsLeakTest {

    @Test
    void aFailingRun_neverWritesThePassword() throws Exception {
        String secret = "Redis-S3cret-" + UUID.randomUUID().toString().substring(0, 8);
        int closedPort = Ports.free();
        Path output = Files.createDirectories(Path.of("target", "secrets-leak")).resolve("redis-run.log");

        ChildJvm.Result run = ChildJvm.run(
                LeakyRedisRun.class,
                List.of(Integer.toString(closedPort)),
                Map.of("ERRAND_TEST_SECRET", secret),
                Map.of(
                        "org.slf4j.simpleLogger.defaultLogLevel",
                        "trace",
                        "org.slf4j.simpleLogger.showThreadName",
                        "true"),
                output,
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
                .contains("after the restart: again")
                .contains("[scenario] the password in errand.redis.password completed")
                .contains("refused the credentials of user 'errand_app': WRONGPASS")
                .contains("refused the credentials of the default user: WRONGPASS")
                .contains("disagree about a password: NOAUTH")
                .contains("cannot reach Redis at redis://:****@127.0.0.1:" + closedPort)
                .contains("cannot reach the Redis Cluster at 127.0.0.1:" + closedPort)
                .contains("holds a password and errand.redis.password is set too")
                .contains("invalid value '/no/trust.p12' for errand.redis.ssl.trustStore")
                .contains("unknown configuration key errand.redis.pasword")
                .contains("invalid value '${env:ERRAND_TEST_SECRET}' for errand.redis.timeout");
        assertThat(out)
                .as("the password, anywhere in %s", run.outputFile())
                .doesNotContain(secret)
                .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
}
