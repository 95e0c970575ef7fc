package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.FaultProxy;
import dev.errand.testkit.NetworkPartitionScenario;
import dev.errand.testkit.NetworkPartitionScenario.Fault;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network between the application and Redis breaks while producers enqueue and a worker runs
 * ({@link NetworkPartitionScenario}): a silent partition of 5 s (lease 2 s) after which the
 * connections carry on, then a reset of every connection; and a partition after which every
 * connection open during it is dead without the client being told (half-open). The producers' and
 * the worker's backends reach Redis through a {@link FaultProxy}, with the default
 * {@code errand.redis.timeout} (2 s); the checks go around it. Among the checks: outcome futures
 * asked of the producers' backend complete, which they only do when its pub/sub connection, the
 * one connection that only reads, notices it was lost and subscribes again.
 */
@Tag("slow")
class NetworkPartitionTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void partitionLongerThanTheLease_thenEveryConnectionReset() throws Exception {
        run("redis partition+reset", List.of(Fault.PARTITION, Fault.RESET));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void partitionThatLosesEveryConnection_halfOpen() throws Exception {
        run("redis half-open", List.of(Fault.PARTITION_LOSING_CONNECTIONS));
    }

    /**
     * Asking for an outcome while Redis cannot be reached does not fail the future: the job may be running, so the
     * backend looks again until it can, and the future completes once the job has ended.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void outcomeAskedDuringAPartition_completesAfterTheHeal() throws Exception {
        RedisServer redis = TestRedis.single();
        String prefix = TestRedis.newPrefix("np-outcome");
        try (FaultProxy proxy = FaultProxy.to("redis", redis.port());
                RedisBackend direct = TestRedis.backend(
                        Map.of(RedisSettings.URL, redis.url(), RedisSettings.PREFIX, prefix), Clock.systemUTC());
                RedisBackend proxied = TestRedis.backend(
                        Map.of(
                                RedisSettings.URL,
                                "redis://127.0.0.1:" + proxy.port(),
                                RedisSettings.PREFIX,
                                prefix,
                                RedisSettings.TIMEOUT,
                                "500ms"),
                        Clock.systemUTC())) {
            JobId id = direct.enqueue(
                            List.of(NewJobs.at(Instant.now()).queue("tck").build()))
                    .get(0)
                    .id();
            proxy.blackhole();

            CompletableFuture<Outcome> outcome = proxied.outcome(id); // its watch call times out after 500 ms
            assertThat(outcome).as("failed although the job may still run").isNotDone();

            proxy.heal();
            ClaimedJob job =
                    direct.claim(Set.of("tck"), 1, "w", Duration.ofSeconds(30)).get(0);
            direct.complete(job.lease(), new byte[0]);
            assertThat(outcome.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private void run(String name, List<Fault> faults) throws Exception {
        RedisServer redis = TestRedis.single();
        String prefix = TestRedis.newPrefix("np");
        try (FaultProxy proxy = FaultProxy.to("redis", redis.port());
                RedisBackend direct = TestRedis.backend(
                        Map.of(RedisSettings.URL, redis.url(), RedisSettings.PREFIX, prefix), Clock.systemUTC())) {
            String proxied = "redis://127.0.0.1:" + proxy.port();
            List<RedisBackend> made = new CopyOnWriteArrayList<>();
            NetworkPartitionScenario.run(
                            name,
                            role -> {
                                RedisBackend b = TestRedis.backend(
                                        Map.of(RedisSettings.URL, proxied, RedisSettings.PREFIX, prefix),
                                        Clock.systemUTC());
                                made.add(b);
                                return b;
                            },
                            direct,
                            proxy,
                            faults,
                            (fault, healedAt) -> subscribed(name, made, fault, healedAt))
                    .assertAtLeastOnce()
                    .assertFailuresName(
                            "Redis backend could not run enqueue on queue 'tck': cannot reach Redis at " + proxied);
        }
    }

    /**
     * Each backend's pub/sub connection must come back by itself after a fault that killed it (a
     * reset, or a partition that lost the connections): otherwise wake-ups and outcomes would stop
     * for good. A partition after which the connections carry on may leave it as it was.
     */
    private static void subscribed(String name, List<RedisBackend> backends, Fault fault, long healedAt) {
        if (fault == Fault.PARTITION) {
            return;
        }
        for (RedisBackend b : backends) {
            await(name + ": a backend's pub/sub connection is subscribed again after " + fault)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> b.subscribedSinceForTests() > healedAt);
            System.out.printf(
                    "%s: pub/sub subscribed again %d ms after the heal (%s)%n",
                    name, TimeUnit.NANOSECONDS.toMillis(b.subscribedSinceForTests() - healedAt), fault);
        }
    }
}
