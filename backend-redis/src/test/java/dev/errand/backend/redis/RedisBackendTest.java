package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.NewJobs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** What is particular to Redis: the key layout, expiry, sharing between instances, and the threads used. */
class RedisBackendTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final Clock clock = Clock.systemUTC();
    private final List<RedisBackend> backends = new ArrayList<>();
    private final String prefix = TestRedis.newPrefix("b");

    @AfterEach
    void close() {
        backends.forEach(RedisBackend::close);
    }

    private RedisBackend backend(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(TestRedis.singleConfig(prefix));
        config.putAll(extra);
        RedisBackend b = TestRedis.backend(config, clock);
        backends.add(b);
        return b;
    }

    private NewJob job(String queue, int priority, Duration delay, String uniqueKey) {
        Instant now = clock.instant();
        return new NewJob(
                "Test.job",
                queue,
                priority,
                "[]".getBytes(StandardCharsets.UTF_8),
                "fp",
                3,
                Duration.ofMinutes(1),
                now,
                now.plus(delay),
                uniqueKey);
    }

    private static Jedis redis() {
        return TestRedis.single().connect();
    }

    @Test
    void jobId_namesTheQueue_andTheJobHashIsInTheQueuesSlot() {
        RedisBackend backend = backend(Map.of());

        JobId id = backend.enqueue(List.of(job("mail", 0, Duration.ZERO, null)))
                .get(0)
                .id();

        assertThat(id.value()).isEqualTo("mail:1");
        String jobKey = "{" + prefix + ":mail}:job:1";
        try (Jedis redis = redis()) {
            assertThat(redis.hget(jobKey, "s")).isEqualTo("AVAILABLE");
            assertThat(redis.sismember("{" + prefix + "}:queues", "mail")).isTrue();
        }
        assertThat(JedisClusterCRC16.getSlot(jobKey))
                .isEqualTo(JedisClusterCRC16.getSlot("{" + prefix + ":mail}:ready"));
    }

    /**
     * A single job without a unique key takes the enqueue script's short path: it must store exactly what the batch
     * path stores for the same job (hash, listing index, ready or delayed set, counter).
     */
    @Test
    void aJobEnqueuedAlone_isStoredExactlyAsInABatch() {
        RedisBackend backend = backend(Map.of());
        Instant now = clock.instant();
        JobHeaders headers = JobHeaders.of(Map.of("traceparent", "00-abc-def-01"));
        Function<String, NewJob> due = queue ->
                NewJobs.at(now).queue(queue).priority(2).headers(headers).build();
        Function<String, NewJob> scheduled = queue -> NewJobs.at(now)
                .queue(queue)
                .priority(-1)
                .runAt(now.plus(Duration.ofHours(1)))
                .build();

        backend.enqueue(List.of(due.apply("alone")));
        backend.enqueue(List.of(scheduled.apply("alone")));
        backend.enqueue(List.of(due.apply("batch"), scheduled.apply("batch")));

        try (Jedis redis = redis()) {
            for (String suffix : List.of(":job:1", ":job:2")) {
                assertThat(redis.hgetAll(key("alone", suffix)))
                        .as("job hash %s", suffix)
                        .isNotEmpty()
                        .isEqualTo(redis.hgetAll(key("batch", suffix)));
            }
            for (String set : List.of(":ready", ":delayed", ":all")) {
                assertThat(redis.zrangeWithScores(key("alone", set), 0, -1))
                        .as("sorted set %s", set)
                        .hasSize(set.equals(":all") ? 2 : 1)
                        .isEqualTo(redis.zrangeWithScores(key("batch", set), 0, -1));
            }
            assertThat(redis.get(key("alone", ":seq"))).isEqualTo(redis.get(key("batch", ":seq")));
        }
    }

    private String key(String queue, String suffix) {
        return "{" + prefix + ":" + queue + "}" + suffix;
    }

    @Test
    void succeededJobs_expireAfterTheirRetention_deadAndCancelledOnesAfterTheirs() throws Exception {
        RedisBackend backend =
                backend(Map.of("errand.redis.retention.succeeded", "2s", "errand.redis.retention.failed", "1h"));
        Instant now = clock.instant();
        List<EnqueueResult> ids = backend.enqueue(List.of(
                job("q", 3, Duration.ZERO, null),
                job("q", 2, Duration.ZERO, null),
                job("q", 0, Duration.ZERO, null),
                new NewJob(
                        "Test.job",
                        "q",
                        1,
                        "[]".getBytes(StandardCharsets.UTF_8),
                        "fp",
                        1,
                        Duration.ofMinutes(1),
                        now,
                        now,
                        null)));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        assertThat(backend.complete(claimed.get(0).lease(), null)).isTrue();
        assertThat(backend.fail(
                        claimed.get(1).lease(), new dev.errand.job.JobError(1, now, "E", "boom", "trace"), null))
                .isTrue();
        assertThat(backend.claim(Set.of("q"), 1, "w", Duration.ofMillis(1))).hasSize(1); // the last attempt of job 4
        // its 1 ms lease expires on the system clock
        int recovered = await("the reaper recovers the job whose 1 ms lease expired")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(backend::recoverExpiredLeases, n -> n != 0);
        assertThat(recovered).isEqualTo(1); // dead: its lease expired on its last attempt
        assertThat(backend.cancel(ids.get(2).id())).isTrue();

        try (Jedis redis = redis()) {
            assertThat(redis.pttl("{" + prefix + ":q}:job:1")).as("succeeded").isBetween(1L, 2_000L);
            for (int n = 2; n <= 4; n++) {
                assertThat(redis.pttl("{" + prefix + ":q}:job:" + n))
                        .as("dead or cancelled job " + n)
                        .isBetween(3_500_000L, 3_600_000L);
            }
        }
        assertThat(backend.find(ids.get(1).id()).orElseThrow().state()).isEqualTo(JobState.DEAD);
        assertThat(backend.find(ids.get(2).id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(backend.find(ids.get(3).id()).orElseThrow().state()).isEqualTo(JobState.DEAD);
    }

    @Test
    void listingIndexes_dropFinishedJobs_afterTheirHashExpired_atTheNextMaintenance() {
        RedisBackend backend =
                backend(Map.of("errand.redis.retention.succeeded", "1s", "errand.redis.retention.failed", "1s"));
        backend.enqueue(List.of(
                job("q", 0, Duration.ZERO, null), job("q", 0, Duration.ZERO, null), job("q", 0, Duration.ZERO, null)));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 2, "w", LEASE);
        assertThat(backend.complete(claimed.get(0).lease(), null)).isTrue();
        assertThat(backend.fail(
                        claimed.get(1).lease(), new dev.errand.job.JobError(1, clock.instant(), "E", "x", ""), null))
                .isTrue();
        try (Jedis redis = redis()) {
            String base = "{" + prefix + ":q}";
            assertThat(redis.zcard(base + ":all")).isEqualTo(3);
            assertThat(redis.zcard(base + ":gone")).as("only the dead job").isEqualTo(1);
            assertThat(redis.zrange(base + ":dead", 0, -1)).containsExactly("000000000002");
            await("both finished jobs' hashes expire after their 1s retention")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> !redis.exists(base + ":job:1") && !redis.exists(base + ":job:2"));

            backend.pruneFinished();

            assertThat(redis.zrange(base + ":all", 0, -1)).containsExactly("000000000003");
            assertThat(redis.zcard(base + ":gone")).isZero();
            assertThat(redis.zcard(base + ":dead")).isZero();
        }
        assertThat(backend.listJobs(dev.errand.spi.JobQuery.all()).jobs())
                .extracting(j -> j.id().value())
                .containsExactly("q:3");
    }

    @Test
    void stateIndexes_holdTheDeadAndCancelledJobs_untilRetriedDeletedOrPurged_andSucceededOnesAreCountedPerMinute() {
        RedisBackend backend = backend(Map.of());
        List<EnqueueResult> ids = backend.enqueue(List.of(
                job("q", 3, Duration.ZERO, null),
                job("q", 2, Duration.ZERO, null),
                job("q", 1, Duration.ZERO, null),
                job("q", 0, Duration.ZERO, null)));
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 3, "w", LEASE);
        assertThat(backend.completeAll(
                        List.of(new dev.errand.spi.Completion(claimed.get(0).lease(), null))))
                .containsExactly(true);
        for (ClaimedJob dead : claimed.subList(1, 3)) {
            assertThat(backend.fail(dead.lease(), new dev.errand.job.JobError(1, clock.instant(), "E", "x", ""), null))
                    .isTrue();
        }
        assertThat(backend.cancel(ids.get(3).id())).isTrue();
        String base = "{" + prefix + ":q}";
        try (Jedis redis = redis()) {
            assertThat(redis.exists(base + ":succeeded"))
                    .as("succeeded jobs get no index")
                    .isFalse();
            assertThat(redis.hvals(base + ":succeeded:minutes")).containsExactly("1");
            assertThat(redis.zrange(base + ":dead", 0, -1)).containsExactly("000000000002", "000000000003");
            assertThat(redis.zrange(base + ":cancelled", 0, -1)).containsExactly("000000000004");
            assertThat(redis.zscore(base + ":dead", "000000000002"))
                    .as("scored by enqueue time, like :all")
                    .isEqualTo(redis.zscore(base + ":all", "000000000002"));

            assertThat(backend.retry(ids.get(1).id())).isTrue();
            assertThat(backend.delete(ids.get(2).id())).isTrue();
            assertThat(redis.zcard(base + ":dead"))
                    .as("after a retry and a delete")
                    .isZero();

            assertThat(backend.purgeFinished(clock.instant().plusSeconds(1))).isEqualTo(2);
            assertThat(redis.zcard(base + ":cancelled")).as("after the purge").isZero();
        }
    }

    @Test
    void maintenance_addsDeadJobsThatEndedBeforeTheirIndexExisted_toIt() {
        RedisBackend backend = backend(Map.of());
        backend.enqueue(List.of(job("q", 0, Duration.ZERO, null)));
        ClaimedJob c = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        assertThat(backend.fail(c.lease(), new dev.errand.job.JobError(1, clock.instant(), "E", "x", ""), null))
                .isTrue();
        String base = "{" + prefix + ":q}";
        try (Jedis redis = redis()) {
            redis.del(base + ":dead"); // as a store written by a build without the index holds it
            assertThat(backend.listJobs(dev.errand.spi.JobQuery.all().states(JobState.DEAD))
                            .jobs())
                    .as("not listed while the index lacks it")
                    .isEmpty();

            backend.pruneFinished();

            assertThat(redis.zrange(base + ":dead", 0, -1)).containsExactly("000000000001");
        }
        assertThat(backend.listJobs(dev.errand.spi.JobQuery.all().states(JobState.DEAD))
                        .jobs())
                .extracting(j -> j.id().value())
                .containsExactly("q:1");
    }

    @Test
    void listingByFinishedStates_pagesThroughTheStateIndexes_inEnqueueOrder_bothWays() {
        RedisBackend backend = backend(Map.of());
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            jobs.add(job(i % 2 == 0 ? "a" : "b", 0, Duration.ZERO, null));
        }
        backend.enqueue(jobs);
        for (ClaimedJob c : backend.claim(Set.of("a", "b"), 30, "w", LEASE)) {
            if (JobRef.parse(c.id()).orElseThrow().n() % 3 == 0) {
                assertThat(backend.complete(c.lease(), null)).isTrue();
            } else {
                assertThat(backend.fail(c.lease(), new dev.errand.job.JobError(1, clock.instant(), "E", "x", ""), null))
                        .isTrue();
            }
        }
        for (EnqueueResult r :
                backend.enqueue(List.of(job("a", 0, Duration.ZERO, null), job("b", 0, Duration.ZERO, null)))) {
            assertThat(backend.cancel(r.id())).isTrue();
        }
        List<String> wanted = backend
                .listJobs(dev.errand.spi.JobQuery.all().oldestFirst().limit(100))
                .jobs()
                .stream()
                .filter(j -> j.state() == JobState.DEAD || j.state() == JobState.CANCELLED)
                .map(j -> j.id().value())
                .toList();
        assertThat(wanted)
                .as("the reference: every job's listing, filtered here")
                .hasSize(22);
        List<String> newestFirst = new ArrayList<>(wanted);
        java.util.Collections.reverse(newestFirst);

        for (dev.errand.spi.JobQuery query : List.of(
                dev.errand.spi.JobQuery.all().oldestFirst(),
                dev.errand.spi.JobQuery.all().newestFirst())) {
            List<String> seen = new ArrayList<>();
            dev.errand.spi.JobQuery page =
                    query.states(JobState.DEAD, JobState.CANCELLED).limit(4);
            while (true) {
                dev.errand.spi.JobPage got = backend.listJobs(page);
                got.jobs().forEach(j -> seen.add(j.id().value()));
                if (got.next().isEmpty()) {
                    break;
                }
                page = page.after(got.next().get());
            }
            assertThat(seen)
                    .as("dead jobs, %s, 4 a page", query.isNewestFirst() ? "newest first" : "oldest first")
                    .containsExactlyElementsOf(query.isNewestFirst() ? newestFirst : wanted);
        }
    }

    @Test
    void finishedJob_expiresAfterTheRetention_andFreesItsUniqueKey() {
        RedisBackend backend = backend(Map.of(RedisSettings.RETENTION, "1s"));
        JobId done =
                backend.enqueue(List.of(job("q", 0, Duration.ZERO, "k"))).get(0).id();
        JobId waiting = backend.enqueue(List.of(job("q", 0, Duration.ZERO, null)))
                .get(0)
                .id();
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        assertThat(claimed.id()).isEqualTo(done);

        assertThat(backend.complete(claimed.lease(), null)).isTrue();

        try (Jedis redis = redis()) {
            assertThat(redis.pttl("{" + prefix + ":q}:job:1")).isBetween(1L, 1000L);
            assertThat(redis.pttl("{" + prefix + ":q}:job:2"))
                    .as("an unfinished job never expires")
                    .isEqualTo(-1L);
            assertThat(redis.hlen("{" + prefix + ":q}:unique")).isZero();
        }
        await("the finished job is gone after its 1s retention")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> backend.find(done).isEmpty());
        assertThat(backend.find(waiting)).isPresent();
        assertThatThrownBy(() -> backend.outcome(done).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("errand.redis.retention");
    }

    @Test
    void idsThisBackendNeverMade_areUnknown() {
        RedisBackend backend = backend(Map.of());
        backend.enqueue(List.of(job("q", 0, Duration.ZERO, null)));

        for (String id : List.of("1", "q:", "q:x1", "q:2", "bad{q}:1", ":1", "q:99999999999999999999")) {
            assertThat(backend.find(JobId.of(id))).as(id).isEmpty();
            assertThat(backend.cancel(JobId.of(id))).as(id).isFalse();
        }
        assertThat(backend.outcome(JobId.of("q:x"))).isCompletedExceptionally();
    }

    @Test
    void claimOverSeveralQueues_takesByPriorityAcrossThem() {
        RedisBackend backend = backend(Map.of());
        JobId a0 = backend.enqueue(List.of(job("a", 0, Duration.ZERO, null)))
                .get(0)
                .id();
        JobId a5 = backend.enqueue(List.of(job("a", 5, Duration.ZERO, null)))
                .get(0)
                .id();
        JobId b10 = backend.enqueue(List.of(job("b", 10, Duration.ZERO, null)))
                .get(0)
                .id();
        JobId b1 = backend.enqueue(List.of(job("b", 1, Duration.ZERO, null)))
                .get(0)
                .id();

        List<JobId> first = backend.claim(Set.of("a", "b"), 3, "w", LEASE).stream()
                .map(ClaimedJob::id)
                .toList();

        assertThat(first).containsExactly(b10, a5, b1);
        assertThat(backend.claim(Set.of("a", "b"), 3, "w", LEASE))
                .extracting(ClaimedJob::id)
                .containsExactly(a0);
    }

    @Test
    void awaitWork_sleepsUntilTheEarliestDelayedJobIsDue() {
        RedisBackend backend = backend(Map.of());
        JobId id = backend.enqueue(List.of(job("later", 0, Duration.ofMillis(300), null)))
                .get(0)
                .id();

        List<ClaimedJob> claimed = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<ClaimedJob> got = List.of();
            while (got.isEmpty()) {
                backend.awaitWork(Set.of("later"), Duration.ofSeconds(60));
                got = backend.claim(Set.of("later"), 1, "w", LEASE);
            }
            return got;
        });

        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
    }

    @Test
    void twoInstances_shareTheQueue_andAnIdleOneWakesOnTheOthersEnqueue() throws Exception {
        RedisBackend producer = backend(Map.of());
        RedisBackend consumer = backend(Map.of());
        CountDownLatch woke = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                consumer.awaitWork(Set.of("shared"), Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            woke.countDown();
        });
        waiter.start();

        JobId id = producer.enqueue(List.of(job("shared", 0, Duration.ZERO, null)))
                .get(0)
                .id();
        CompletableFuture<Outcome> outcome = producer.outcome(id);

        assertThat(woke.await(20, TimeUnit.SECONDS))
                .as("the idle instance woke on the other's enqueue")
                .isTrue();
        ClaimedJob claimed = consumer.claim(Set.of("shared"), 10, "w", LEASE).get(0);
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(consumer.complete(claimed.lease(), "ok".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void waitingForManyOutcomes_addsNoThreads() throws Exception {
        RedisBackend backend = backend(Map.of());
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            jobs.add(job("many", 0, Duration.ZERO, null));
        }
        List<EnqueueResult> enqueued = backend.enqueue(jobs);

        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        enqueued.forEach(r -> outcomes.add(backend.outcome(r.id())));
        assertThat(threadsOf(prefix))
                .as("threads of this backend: its pub/sub reader and its outcome dispatcher")
                .hasSizeLessThanOrEqualTo(2);

        List<ClaimedJob> claimed;
        while (!(claimed = backend.claim(Set.of("many"), 100, "w", LEASE)).isEmpty()) {
            claimed.forEach(c -> backend.complete(c.lease(), null));
        }
        CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(threadsOf(prefix)).hasSizeLessThanOrEqualTo(2);
    }

    private static List<String> threadsOf(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("errand-redis") && n.endsWith("-" + prefix))
                .toList();
    }

    @Test
    void scriptsFlushedFromTheServer_areLoadedAgainOnUse() {
        RedisBackend backend = backend(Map.of());
        try (Jedis redis = redis()) {
            redis.scriptFlush();
        }

        assertThat(backend.enqueue(List.of(job("q", 0, Duration.ZERO, null)))).hasSize(1);
        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE)).hasSize(1);
    }

    @Test
    void uniqueKey_isHeldPerQueue() {
        RedisBackend backend = backend(Map.of());

        EnqueueResult onA =
                backend.enqueue(List.of(job("a", 0, Duration.ZERO, "k"))).get(0);
        EnqueueResult againOnA =
                backend.enqueue(List.of(job("a", 0, Duration.ZERO, "k"))).get(0);
        EnqueueResult onB =
                backend.enqueue(List.of(job("b", 0, Duration.ZERO, "k"))).get(0);

        assertThat(againOnA).isEqualTo(new EnqueueResult(onA.id(), true));
        assertThat(onB.duplicate())
                .as("a unique key lives in its queue's slot, so another queue does not see it")
                .isFalse();
    }
}
