package dev.errand.backend.redis;

import static dev.errand.testkit.LeakScenario.expose;
import static dev.errand.testkit.LeakScenario.show;
import static dev.errand.testkit.LeakScenario.step;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.job.JobId;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testservers.RedisServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * The child JVM of {@link RedisSecretsLeakTest}: {@code LeakyRedisRun <closedPort>}, with the
 * password in the environment variable {@code ERRAND_TEST_SECRET}. Starts its own redis-server
 * with {@code requirepass} and the README's ACL user whose password is that secret, then runs
 * every way a deployment with it can fail, Redis killed and restarted under a running worker
 * included, printing everything about each failure; SLF4J logs at TRACE on standard error.
 */
public final class LeakyRedisRun {
    private static final String ADMIN = "admin-Pa55";

    private LeakyRedisRun() {}

    public static void main(String[] args) {
        String closedPort = args[0];
        String secret = System.getenv("ERRAND_TEST_SECRET");
        RedisServer redis = RedisServer.launch("--acl-pubsub-default", "resetchannels");
        try {
            secure(redis, secret);
            String host = "127.0.0.1:" + redis.port();
            step("a run as the ACL user, a failing job, then Redis is killed and restarted", () -> {
                try (Errand errand = Errand.builder()
                                .backend("redis")
                                .property(RedisSettings.URL, "redis://errand_app:${env:ERRAND_TEST_SECRET}@" + host)
                                .property(RedisSettings.TIMEOUT, "1s")
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

                    redis.kill();
                    for (int i = 0; i < 3; i++) {
                        try {
                            jobs.echo("while down").enqueue();
                        } catch (RuntimeException e) {
                            expose(e);
                        }
                    }
                    redis.start(); // no password, no ACL user until secure(): AUTH fails for a while
                    for (int i = 0; i < 3; i++) {
                        try {
                            jobs.echo("before the user is back").enqueue();
                        } catch (RuntimeException e) {
                            expose(e);
                        }
                    }
                    secure(redis, secret);
                    for (int i = 0; i < 30; i++) {
                        try {
                            show("after the restart", jobs.echo("again").call(Duration.ofSeconds(10)));
                            break;
                        } catch (RuntimeException e) {
                            expose(e);
                        }
                    }
                }
            });
            step(
                    "the password in errand.redis.password",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://" + host)
                            .property(RedisSettings.USER, "errand_app")
                            .property(RedisSettings.PASSWORD, "${env:ERRAND_TEST_SECRET}")
                            .build()
                            .close());
            step(
                    "wrong password",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://errand_app:" + secret + "x@" + host)
                            .build()
                            .close());
            step(
                    "wrong password in errand.redis.password",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://" + host)
                            .property(RedisSettings.PASSWORD, secret + "x")
                            .build()
                            .close());
            step(
                    "no password",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://" + host)
                            .build()
                            .close());
            step(
                    "unreachable",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://:" + secret + "@127.0.0.1:" + closedPort)
                            .property(RedisSettings.TIMEOUT, "500ms")
                            .build()
                            .close());
            step(
                    "unreachable cluster",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.CLUSTER, "127.0.0.1:" + closedPort)
                            .property(RedisSettings.PASSWORD, secret)
                            .property(RedisSettings.TIMEOUT, "500ms")
                            .build()
                            .close());
            step(
                    "unparseable URL",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://:" + secret + "@127.0.0.1:notaport")
                            .build()
                            .close());
            step(
                    "not a Redis URL",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "http://errand_app:" + secret + "@127.0.0.1:" + closedPort)
                            .build()
                            .close());
            step(
                    "password twice",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://:" + secret + "@" + host)
                            .property(RedisSettings.PASSWORD, secret)
                            .build()
                            .close());
            step(
                    "missing trust store",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "rediss://" + host)
                            .property(RedisSettings.TRUST_STORE, "/no/trust.p12")
                            .property(RedisSettings.TRUST_STORE_PASSWORD, secret)
                            .build()
                            .close());
            step(
                    "a misspelt password key",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://" + host)
                            .property("errand.redis.pasword", secret)
                            .build()
                            .close());
            step(
                    "a password where a duration belongs",
                    () -> Errand.builder()
                            .backend("redis")
                            .property(RedisSettings.URL, "redis://" + host)
                            .property(RedisSettings.TIMEOUT, "${env:ERRAND_TEST_SECRET}")
                            .build()
                            .close());
        } finally {
            redis.close();
        }
        System.out.println("[scenario] all done");
    }

    /** requirepass for the default user and the README's ACL user with the secret (both gone after a restart). */
    private static void secure(RedisServer redis, String secret) {
        try (Jedis admin = redis.connect()) {
            admin.configSet("requirepass", ADMIN);
            admin.auth(ADMIN);
            DocumentedAcl.create(admin, "errand_app", secret, RedisSettings.DEFAULT_PREFIX);
        }
    }
}
