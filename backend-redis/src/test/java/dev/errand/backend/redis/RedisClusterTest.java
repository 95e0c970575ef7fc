package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import dev.errand.testservers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Queues spread over the three masters: each script runs on its queue's node; cross-queue work visits them all. */
class RedisClusterTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void queuesOnEveryMaster_areClaimedTogether_andTheirLeasesRecovered() {
        List<RedisServer> nodes = TestRedis.cluster();
        String prefix = TestRedis.newPrefix("x");
        Set<String> queues = oneQueuePerNode(prefix, nodes.size());
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (RedisBackend backend = TestRedis.backend(TestRedis.clusterConfig(prefix), clock)) {
            List<JobId> ids = new ArrayList<>();
            for (String queue : queues) {
                ids.add(backend.enqueue(List.of(new NewJob(
                                "Cluster.job",
                                queue,
                                0,
                                "[]".getBytes(StandardCharsets.UTF_8),
                                "fp",
                                3,
                                Duration.ofMinutes(1),
                                clock.instant(),
                                clock.instant(),
                                null)))
                        .get(0)
                        .id());
            }
            for (RedisServer node : nodes) {
                try (Jedis jedis = node.connect()) {
                    assertThat(jedis.keys("{" + prefix + ":*"))
                            .as("keys on the node at port %d", node.port())
                            .isNotEmpty();
                }
            }

            List<ClaimedJob> claimed = backend.claim(queues, 10, "w", LEASE);
            assertThat(claimed).extracting(ClaimedJob::id).containsExactlyInAnyOrderElementsOf(ids);

            clock.advance(LEASE.plusSeconds(1));
            assertThat(backend.recoverExpiredLeases()).isEqualTo(queues.size());
            for (JobId id : ids) {
                assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
            }
            assertThat(backend.claim(queues, 10, "w2", LEASE))
                    .hasSize(queues.size())
                    .allSatisfy(c -> assertThat(c.attempt()).isEqualTo(2));
        }
    }

    /** Queue names whose hash tags fall in the slot ranges TestRedis gave each master. */
    private static Set<String> oneQueuePerNode(String prefix, int nodes) {
        Set<String> queues = new LinkedHashSet<>();
        Set<Integer> covered = new HashSet<>();
        int per = 16384 / nodes;
        for (int i = 0; covered.size() < nodes && i < 10_000; i++) {
            String queue = "q" + i;
            int node = Math.min(nodes - 1, JedisClusterCRC16.getSlot("{" + prefix + ":" + queue + "}") / per);
            if (covered.add(node)) {
                queues.add(queue);
            }
        }
        assertThat(queues).hasSize(nodes);
        return queues;
    }
}
