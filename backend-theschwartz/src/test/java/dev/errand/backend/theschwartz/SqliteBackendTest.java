package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.QueueStats;
import dev.errand.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's own behaviour on TheSchwartz tables, on SQLite with a clock the tests move. */
class SqliteBackendTest {
    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00.500Z"));
    private Errand errand;
    private ShopJobs jobs;

    @BeforeEach
    void open() {
        errand = open(Map.of("errand.theschwartz.createSchema", "true"));
        jobs = new ShopJobs(errand);
        errand.backend().registerWorker("w", List.of(ShopJobs.COUNT, ShopJobs.REFUSE), Set.of("default"));
    }

    private Errand open(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "errand.backend", "theschwartz", "errand.theschwartz.url", "jdbc:sqlite:" + dir.resolve("ts.db")));
        config.putAll(extra);
        return Errand.builder()
                .config(ErrandConfig.of(config, "test"))
                .clock(clock)
                .build();
    }

    @AfterEach
    void close() {
        errand.close();
    }

    private Backend backend() {
        return errand.backend();
    }

    private List<ClaimedJob> claim(int max) {
        return backend().claim(Set.of("default"), max, "w", Duration.ofSeconds(30));
    }

    /**
     * A job handed back is grabbable again, and a worker of the same client waiting for work hears of it as of a new
     * job. Polls are five minutes apart here, so a waiter that returns within seconds was woken.
     */
    @Test
    void aReleasedJob_wakesAnIdleWorkerOfTheSameClient() throws Exception {
        errand.close();
        errand = open(Map.of("errand.theschwartz.pollInterval", "5m"));
        errand.backend().registerWorker("w", List.of(ShopJobs.COUNT), Set.of("default"));
        new ShopJobs(errand).count(1).enqueue();
        ClaimedJob grabbed = claim(1).get(0);
        CountDownLatch returned = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                backend().awaitWork(Set.of("default"), Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        waiter.setDaemon(true);
        waiter.start();
        await("the worker waits")
                .atMost(Duration.ofSeconds(30))
                .until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        backend().release(List.of(grabbed.lease()));

        assertThat(returned.await(20, TimeUnit.SECONDS))
                .as("awaitWork returned after the release")
                .isTrue();
    }

    @Test
    void missingTables_areNamed_withWhatToDo() {
        assertThatThrownBy(() -> Errand.builder()
                        .config(ErrandConfig.of(
                                Map.of(
                                        "errand.backend",
                                        "theschwartz",
                                        "errand.theschwartz.url",
                                        "jdbc:sqlite:" + dir.resolve("empty.db")),
                                "test"))
                        .build())
                .hasMessageContaining("lacks the table(s) [funcmap, job, error, exitstatus]")
                .hasMessageContaining("errand.theschwartz.createSchema=true");
    }

    @Test
    void aDelayedJob_isScheduledUntilItsWholeSecond_thenGrabbed() {
        JobId id = jobs.count(1).delay(Duration.ofSeconds(90)).enqueue();

        assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(errand.job(id).orElseThrow().runAt()).isEqualTo(Instant.parse("2026-12-05T10:01:31Z"));
        assertThat(claim(1)).isEmpty();

        clock.advance(Duration.ofSeconds(91));
        assertThat(claim(1)).extracting(ClaimedJob::id).containsExactly(id);
        assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void theHigherPriority_isGrabbedFirst_andAPriorityTheColumnCannotHold_isRefusedNamingTheJob() {
        jobs.count(1).priority(5).enqueue();
        JobId high = jobs.count(2).priority(10).enqueue();

        assertThat(claim(1)).extracting(ClaimedJob::id).containsExactly(high);
        assertThatThrownBy(() -> jobs.count(3).priority(40_000).enqueue())
                .hasMessageContaining("priority 40000 of job fleet::Count")
                .hasMessageContaining("-32768..32767");
    }

    @Test
    void aTakenUniqueKey_givesTheHoldersId() {
        JobId first = jobs.count(1).uniqueKey("order-7").enqueue();
        JobId second = jobs.count(2).uniqueKey("order-7").enqueue();

        assertThat(second).isEqualTo(first);
        assertThat(claim(5)).hasSize(1);
    }

    @Test
    void cancel_deletesAnUngrabbedJob_withAnErrorSayingWhy_butNotAGrabbedOne() {
        JobId waiting = jobs.count(1).delay(Duration.ofMinutes(5)).enqueue();
        JobId running = jobs.count(2).enqueue();
        assertThat(claim(5)).extracting(ClaimedJob::id).containsExactly(running);

        assertThat(errand.cancel(waiting)).isTrue();
        assertThat(errand.cancel(running)).isFalse();

        assertThat(errand.job(waiting).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(errand.job(waiting).orElseThrow().lastError().orElseThrow().message())
                .isEqualTo("errand: cancelled");
        assertThat(errand.job(running).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void whatTheSchwartzCannotDo_isRefusedAtCallTime_sayingWhatToDo() {
        assertThatThrownBy(() -> jobs.total(1, 2).submit())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shop::Total")
                .hasMessageContaining("TheSchwartz stores no results");
        assertThatThrownBy(() -> jobs.count(1).queue("other").enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("routes by function name");
        assertThatThrownBy(() -> jobs.count(1).maxAttempts(9).enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("@Job(maxAttempts)");
    }

    @Test
    void queueStats_listOneRowPerFunctionName() {
        jobs.count(1).enqueue();
        jobs.count(2).delay(Duration.ofMinutes(1)).enqueue();
        jobs.refuse(3).enqueue();

        assertThat(backend().queueStats())
                .extracting(QueueStats::queue, QueueStats::available, QueueStats::scheduled)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fleet::Count", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("shop::Refuse", 1L, 0L));
    }

    @Test
    void aLostGrab_cannotFinishTheJob() {
        JobId id = jobs.count(1).enqueue();
        ClaimedJob first = claim(1).get(0);
        clock.advance(Duration.ofSeconds(31));
        backend().registerWorker("other", List.of(ShopJobs.COUNT), Set.of("default"));
        ClaimedJob second = backend()
                .claim(Set.of("default"), 1, "other", Duration.ofSeconds(30))
                .get(0);

        assertThat(second.id()).isEqualTo(id);
        assertThat(backend().renew(List.of(first.lease()), Duration.ofSeconds(30)))
                .containsExactly(id);
        assertThat(backend().complete(first.lease(), null)).isFalse();
        assertThat(backend().complete(second.lease(), null)).isTrue();
        assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }
}
