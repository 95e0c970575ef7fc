package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FetcherTest extends WorkerServicesFixture {
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void claimsUpToItsJobLimit_thenReturnsTrue_leavingTheRestQueued() throws Exception {
        WorkerBuilder b = builder().maxJobs(3);
        WorkerSettings settings = b.settings(b.registry());
        Prefetch prefetch = FixedPrefetch.of(settings.threads(), settings.batchSize());
        HeldJobs held = new HeldJobs(settings.threads(), prefetch, waiting, running::get, false);
        for (int i = 0; i < 5; i++) {
            jobs.record("j" + i).enqueue();
        }

        boolean limitReached = CompletableFuture.supplyAsync(fetcher(settings, held, prefetch)::run)
                .get(10, TimeUnit.SECONDS);

        assertThat(limitReached).isTrue();
        assertThat(counters.claimed()).isEqualTo(3);
        assertThat(held.size()).isEqualTo(3);
        assertThat(waiting.drainWaiting()).hasSize(3);
        assertThat(backend.queueStats())
                .singleElement()
                .satisfies(q -> assertThat(q.available()).isEqualTo(2));
    }

    @Test
    void claimsABatch_thenWaitsUntilARefillsWorthOfRoomIsFree() throws Exception {
        WorkerSettings settings = settings(); // 2 threads + batch 4: room for 6, a claim when 3 are free
        Prefetch prefetch = FixedPrefetch.of(settings.threads(), settings.batchSize());
        HeldJobs held = new HeldJobs(settings.threads(), prefetch, waiting, running::get, false);
        for (int i = 0; i < 20; i++) {
            jobs.record("j" + i).enqueue();
        }
        Thread thread = new Thread(fetcher(settings, held, prefetch)::run);
        thread.start();
        awaitClaimed(4);
        awaitState(thread, Thread.State.WAITING);
        assertThat(counters.claimed())
                .as("a second claim for only 2 free slots")
                .isEqualTo(4);

        List<InFlight> first = waiting.drainWaiting(); // job threads took them
        assertThat(first)
                .hasSize(4)
                .allSatisfy(
                        f -> assertThat(backend.find(f.job.id()).orElseThrow().state())
                                .isEqualTo(JobState.RUNNING));
        held.done(first.get(0)); // 3 free, nothing waiting: worth a claim

        awaitClaimed(7);
        awaitState(thread, Thread.State.WAITING); // done with that claim: a stop during it hands the claim back
        running.set(false);
        held.wakeFetcher();
        backend.wakeUp();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(held.size())
                .as("3 of the first batch and the 3 claimed for the room one finished job made")
                .isEqualTo(6);
    }

    private void awaitClaimed(int n) {
        await("the fetcher claimed " + n + " jobs")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> counters.claimed() >= n);
        assertThat(counters.claimed()).isEqualTo(n);
    }

    private static void awaitState(Thread thread, Thread.State state) {
        await(thread.getName() + " is " + state)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> thread.getState() == state);
    }

    @Test
    void anIdleFetcher_blocksInTheBackend_andAStopWakesIt() throws Exception {
        WorkerSettings settings = settings();
        Prefetch prefetch = FixedPrefetch.of(settings.threads(), settings.batchSize());
        HeldJobs held = new HeldJobs(settings.threads(), prefetch, waiting, running::get, false);
        Fetcher fetcher = fetcher(settings, held, prefetch);
        Thread thread = new Thread(fetcher::run);
        thread.start();
        awaitState(thread, Thread.State.TIMED_WAITING); // waiting for work in the backend
        assertThat(prefetch.jobs())
                .as("a claim that found nothing: the prefetch learns afresh (one waits until an attempt ends)")
                .isEqualTo(1);

        running.set(false);
        backend.wakeUp();

        thread.join(2_000); // well before its 5 s idle wait would end by itself
        assertThat(thread.isAlive()).isFalse();
        assertThat(counters.claimed()).isZero();
    }

    private Fetcher fetcher(WorkerSettings settings, HeldJobs held, Prefetch prefetch) {
        return new Fetcher(
                backend,
                settings,
                held,
                prefetch,
                waiting,
                counters,
                new HandBack(backend, held, settings.id()),
                running::get);
    }
}
