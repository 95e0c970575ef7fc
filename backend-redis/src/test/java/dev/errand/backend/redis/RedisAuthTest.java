package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A redis-server that requires a password ({@code requirepass}) and ACL users: the password works
 * in the URL and in {@code errand.redis.password} (from a {@code ${file:}} reference), and every
 * way of getting it wrong stops start-up with one message that names the key and never a password.
 */
class RedisAuthTest {
    @TempDir
    Path dir;

    private static String url(String credentials) {
        return "redis://" + credentials + "127.0.0.1:" + TestRedis.secured().port();
    }

    @Test
    void requirepass_inTheUrl_runsJobs() {
        runOneJob(Errand.builder()
                .backend("redis")
                .property(RedisSettings.URL, url(":" + TestRedis.ADMIN_PASSWORD + "@"))
                .property(RedisSettings.PREFIX, TestRedis.newPrefix("auth")));
    }

    @Test
    void aclUser_withThePasswordInItsKey_fromAFileReference_runsJobs() throws Exception {
        String prefix = TestRedis.newPrefix("auth");
        String user = DocumentedAcl.newUser();
        try (Jedis admin = TestRedis.securedAdmin()) {
            DocumentedAcl.create(admin, user, "file-Pa55", prefix);
        }
        Path secret = Files.writeString(dir.resolve("redis-password"), "file-Pa55\n");

        runOneJob(Errand.builder()
                .backend("redis")
                .property(RedisSettings.URL, url(""))
                .property(RedisSettings.USER, user)
                .property(RedisSettings.PASSWORD, "${file:" + secret + "}")
                .property(RedisSettings.PREFIX, prefix));
    }

    @Test
    void wrongPassword_failsOnce_namingTheUrlKey_withoutThePassword() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, url(":not-the-Pa55@"))
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith("Redis at redis://:****@127.0.0.1:"
                        + TestRedis.secured().port() + " (errand.redis.url, " + "from ")
                .hasMessageContaining("refused the credentials of the default user: WRONGPASS")
                .hasMessageContaining(
                        "Fix the password (in errand.redis.url or errand.redis.password / errand.redis.user)")
                .hasMessageNotContaining("not-the-Pa55")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("not-the-Pa55"));
    }

    @Test
    void wrongPasswordOfAnAclUser_namesTheUser() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, url("nobody:x-Pa55@"))
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("refused the credentials of user 'nobody': WRONGPASS")
                .hasMessageNotContaining("x-Pa55");
    }

    @Test
    void noPassword_againstAServerThatRequiresOne_saysSo() {
        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, url(""))
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("(errand.redis.url, from ")
                .hasMessageContaining("disagree about a password: NOAUTH");
    }

    @Test
    void aclUserForAnotherPrefix_isDeniedAtStartUp_namingThePrefixKey() {
        String user = DocumentedAcl.newUser();
        try (Jedis admin = TestRedis.securedAdmin()) {
            DocumentedAcl.create(admin, user, "pw", "someoneelse");
        }

        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, url(user + ":pw@"))
                        .property(RedisSettings.PREFIX, "mine")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("denies user '" + user + "' a command or key the backend needs: NOPERM")
                .hasMessageContaining("for prefix mine (errand.redis.prefix)");
    }

    @Test
    void aclUserWithoutItsChannels_isDeniedAtStartUp() {
        String prefix = TestRedis.newPrefix("auth");
        String user = DocumentedAcl.newUser();
        try (Jedis admin = TestRedis.securedAdmin()) {
            DocumentedAcl.create(admin, user, "pw", prefix, "resetchannels");
        }

        assertThatThrownBy(() -> Errand.builder()
                        .backend("redis")
                        .property(RedisSettings.URL, url(user + ":pw@"))
                        .property(RedisSettings.PREFIX, prefix)
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("denies user '" + user + "' a command or key the backend needs: NOPERM");
    }

    @Test
    void aclUserWithoutACommandOfTheScripts_failsTheCall() {
        String prefix = TestRedis.newPrefix("auth");
        String user = DocumentedAcl.newUser();
        try (Jedis admin = TestRedis.securedAdmin()) {
            DocumentedAcl.create(admin, user, "pw", prefix, "-zpopmin");
        }
        try (RedisBackend backend = TestRedis.backend(
                java.util.Map.of(RedisSettings.URL, url(user + ":pw@"), RedisSettings.PREFIX, prefix),
                java.time.Clock.systemUTC())) {
            backend.enqueue(java.util.List.of(
                    dev.errand.testkit.NewJobs.at(java.time.Instant.now()).build()));

            assertThatThrownBy(() -> backend.claim(java.util.Set.of("q"), 1, "w", Duration.ofSeconds(5)))
                    .hasMessageContaining("can't run this command"); // Redis checks the scripts' commands too
        }
    }

    private static void runOneJob(Errand.ErrandBuilder builder) {
        try (Errand errand = builder.build();
                Worker worker =
                        errand.worker().register(new TckService()).queues("tck").build()) {
            JobId id = new TckServiceJobs(errand).echo("authenticated").enqueue();
            worker.drain();
            assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
