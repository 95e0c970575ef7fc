package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testservers.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis is killed (SIGKILL) and restarted on the same directory, so it replays its AOF.
 *
 * <p>With {@code appendonly yes} and {@code appendfsync always}: while jobs are queued, scheduled,
 * running and finished, every acknowledged change is there after the restart, and a backend that
 * lived through the restart carries on; and killed while three producers enqueue and a worker runs
 * ({@link ServerOutageScenario}), every acknowledged job SUCCEEDS.
 *
 * <p>With {@code appendfsync everysec}, and with no AOF at all, the same run under load measures
 * what is lost, and asserts only that the backend carries on. Only the process dies, not the
 * machine: what Redis wrote to the AOF file survives in the page cache even if it was not
 * fsynced. So these runs measure what Redis had not even written when it answered; a power loss
 * can lose up to the last second more with {@code everysec}.
 */
@Tag("slow")
class AofRestartTest {
    private static final String QUEUE = "durable";
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void killedAndRestarted_withAppendfsyncAlways_everyAcknowledgedJobIsThere() throws Exception {
        Clock clock = Clock.systemUTC();
        try (RedisServer redis = RedisServer.launch("--appendonly", "yes", "--appendfsync", "always")) {
            Map<String, String> config = Map.of(RedisSettings.URL, redis.url(), RedisSettings.PREFIX, "aof");
            RedisBackend survivor = TestRedis.backend(config, clock);
            try {
                List<JobId> available = new ArrayList<>();
                for (int batch = 0; batch < 4; batch++) {
                    List<NewJob> jobs = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        jobs.add(job(clock.instant(), clock.instant(), null));
                    }
                    survivor.enqueue(jobs).forEach(r -> available.add(r.id()));
                }
                List<JobId> scheduled = new ArrayList<>();
                for (EnqueueResult r : survivor.enqueue(List.of(
                        job(clock.instant(), clock.instant().plusSeconds(3600), "u1"),
                        job(clock.instant(), clock.instant().plusSeconds(3600), "u2")))) {
                    scheduled.add(r.id());
                }
                List<ClaimedJob> running = survivor.claim(Set.of(QUEUE), 20, "w1", LEASE);
                for (int i = 0; i < 5; i++) {
                    assertThat(survivor.complete(running.get(i).lease(), ("r" + i).getBytes(StandardCharsets.UTF_8)))
                            .isTrue();
                }
                JobId awaited = running.get(5).id();
                CompletableFuture<Outcome> outcome = survivor.outcome(awaited);
                CompletableFuture<Outcome> endsDuringOutage =
                        survivor.outcome(running.get(6).id());

                redis.kill();
                redis.start();

                try (RedisBackend fresh = TestRedis.backend(config, clock)) {
                    // Ends while the survivor's pub/sub connection may still be down: it must hear of it anyway.
                    assertThat(fresh.complete(running.get(6).lease(), null)).isTrue();
                    for (JobId id : available.subList(20, available.size())) {
                        assertThat(fresh.find(id))
                                .as("job %s after the restart", id)
                                .get()
                                .extracting(JobInfo::state)
                                .isEqualTo(JobState.AVAILABLE);
                    }
                    for (JobId id : scheduled) {
                        assertThat(fresh.find(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
                    }
                    for (int i = 0; i < 20; i++) {
                        JobInfo info = fresh.find(running.get(i).id()).orElseThrow();
                        assertThat(info.state()).isEqualTo(i < 5 || i == 6 ? JobState.SUCCEEDED : JobState.RUNNING);
                    }
                    assertThat(fresh.outcome(running.get(0).id())
                                    .get(10, TimeUnit.SECONDS)
                                    .result())
                            .asString(StandardCharsets.UTF_8)
                            .isEqualTo("r0");
                    assertThat(fresh.enqueue(List.of(job(clock.instant(), clock.instant(), "u1")))
                                    .get(0))
                            .as("the unique key is still held by the scheduled job")
                            .isEqualTo(new EnqueueResult(scheduled.get(0), true));

                    Set<JobId> claimed = new HashSet<>();
                    List<ClaimedJob> got;
                    while (!(got = fresh.claim(Set.of(QUEUE), 500, "w2", LEASE)).isEmpty()) {
                        got.forEach(c -> claimed.add(c.id()));
                    }
                    assertThat(claimed)
                            .hasSize(available.size() - 20)
                            .containsAll(available.subList(20, available.size()));

                    // The backend that lived through the crash: stale pooled connections fail once each, then
                    // it works, and the outcome it was waiting for arrives once its pub/sub connection is back.
                    await("the surviving backend reaches the restarted Redis")
                            .atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20))
                            .ignoreException(JedisException.class)
                            .until(() -> survivor.find(awaited).isPresent());
                    assertThat(outcome).isNotDone();
                    assertThat(fresh.complete(running.get(5).lease(), "late".getBytes(StandardCharsets.UTF_8)))
                            .isTrue();
                    assertThat(outcome.get(30, TimeUnit.SECONDS).result())
                            .asString(StandardCharsets.UTF_8)
                            .isEqualTo("late");
                    assertThat(endsDuringOutage.get(30, TimeUnit.SECONDS).state())
                            .isEqualTo(JobState.SUCCEEDED);
                }
            } finally {
                survivor.close();
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedUnderLoad_withAppendfsyncAlways_everyAcknowledgedJobSucceeds() throws Exception {
        try (RedisServer redis = RedisServer.launch("--appendonly", "yes", "--appendfsync", "always")) {
            crash(redis, "Redis (appendfsync always)")
                    .assertEveryAcknowledgedJobSucceeded()
                    .assertFailuresName(1, "Redis backend could not");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedUnderLoad_withAppendfsyncEverysec_measured() throws Exception {
        try (RedisServer redis = RedisServer.launch("--appendonly", "yes", "--appendfsync", "everysec")) {
            crash(redis, "Redis (appendfsync everysec)")
                    .assertEveryJobAcknowledgedAfterTheStartSucceeded()
                    .assertFailuresName(1, "Redis backend could not");
        }
    }

    /** No AOF and no snapshot: everything acknowledged before the kill is gone, which the scenario must see. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedUnderLoad_withoutAof_losesWhatWasAcknowledged() throws Exception {
        try (RedisServer redis = RedisServer.launch()) {
            ServerOutageScenario.Report report =
                    crash(redis, "Redis (no AOF, no snapshot)").assertEveryJobAcknowledgedAfterTheStartSucceeded();
            // The scenario sees the loss: the records of (nearly) every job acknowledged before the kill are gone
            // (a few early ids name new jobs again, as the id counter restarted too).
            assertThat(report.notSucceeded())
                    .as("acknowledged jobs no longer SUCCEEDED in Redis")
                    .hasSizeGreaterThan(report.acknowledgedBefore() / 2);
        }
    }

    private static ServerOutageScenario.Report crash(RedisServer redis, String name) throws Exception {
        RedisBackend backend = TestRedis.backend(
                Map.of(RedisSettings.URL, redis.url(), RedisSettings.PREFIX, "crash"), Clock.systemUTC());
        return ServerOutageScenario.run(name, backend, TestRedis.outage(redis), ServerOutageScenario.Fault.CRASH, 1);
    }

    private static NewJob job(Instant now, Instant runAt, String uniqueKey) {
        return new NewJob(
                "Durable.job",
                QUEUE,
                0,
                "[1]".getBytes(StandardCharsets.UTF_8),
                "fp",
                3,
                Duration.ofMinutes(1),
                now,
                runAt,
                uniqueKey);
    }
}
