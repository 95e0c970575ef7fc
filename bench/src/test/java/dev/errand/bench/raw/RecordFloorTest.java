package dev.errand.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.PostgresServer;
import dev.errand.testservers.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The record floors beside PostgreSQL and Redis are queues that work: every job added is taken exactly once (a take
 * fails loudly when it could not finish a job it claimed), also by concurrent threads, and a new queue clears what an
 * earlier one left. Real servers, started by the test; no timing asserted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RecordFloorTest {

    @Test
    void postgresRecordFloor_takesEveryJobOnce_fromManyThreads() {
        PostgresServer server = PostgresServer.shared();
        String url = server.newDatabase("record_floor");
        exercise(() -> new PostgresRecordQueue(url, PostgresServer.USER, PostgresServer.PASSWORD));
    }

    @Test
    void redisRecordFloor_takesEveryJobOnce_fromManyThreads() {
        try (RedisServer server = RedisServer.launch()) {
            exercise(() -> new RedisRecordQueue(server.url(), "bench-test"));
        }
    }

    @Test
    void bothServersHaveARawQueueAndARecordFloor() {
        String url = PostgresServer.shared().newDatabase("record_floor_kinds");
        assertKinds(
                "postgres",
                Map.of(
                        "errand.jdbc.url", url,
                        "errand.jdbc.username", PostgresServer.USER,
                        "errand.jdbc.password", PostgresServer.PASSWORD));
        try (RedisServer server = RedisServer.launch()) {
            assertKinds("redis", Map.of("errand.redis.url", server.url(), "errand.redis.prefix", "bench-kinds"));
        }
        assertThat(RawQueues.beside("h2", Map.of())).isEmpty();
    }

    private static void assertKinds(String backend, Map<String, String> properties) {
        List<RawQueue> queues = RawQueues.beside(backend, properties);
        try {
            assertThat(queues).extracting(RawQueue::kind).containsExactly(RawQueue.RAW, RawQueue.RECORD_FLOOR);
        } finally {
            queues.forEach(RawQueue::close);
        }
    }

    private static void exercise(Supplier<RawQueue> open) {
        int jobs = 5_321; // not a multiple of the take size: the last take is partial
        try (RawQueue queue = open.get()) {
            assertThat(queue.kind()).isEqualTo(RawQueue.RECORD_FLOOR);
            assertThat(RawRun.burst(queue, 2_000, 1_000)).isPositive();
            queue.addOne();
            assertThat(RawRun.single(queue, 1_320, 2, 10)).isPositive();
            queue.addBatch(jobs - 2_000 - 1 - 10 - 1_320);
            long taken = 0;
            for (int got; (got = queue.take()) > 0; ) {
                assertThat(got).isLessThanOrEqualTo(queue.takeBatch());
                taken += got;
            }
            assertThat(taken).isEqualTo(jobs);
            RawRun.burst(queue, 3_000, 1_000);
            assertThat(RawRun.drain(queue, 3_000, 4)).isPositive();
            assertThat(queue.take())
                    .as("nothing left after a drain by 4 threads")
                    .isZero();
        }
        try (RawQueue fresh = open.get()) {
            assertThat(fresh.take()).as("a new queue starts empty").isZero();
        }
    }
}
