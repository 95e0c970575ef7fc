package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.GearmandServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job thread that ran a job to success takes the job gearmand assigns in answer to the grab sent with the result
 * ({@code claimNext}), with no other thread in between; a grab it no longer waits for is answered to the fetcher, and
 * a job assigned to a connection the worker closes goes back to gearmand for another worker.
 */
class JobThreadClaimTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Set<String> QUEUES = Set.of("q");
    private static final JobDefinition<?> JOB = JobDefinition.builder("Tck.job", JobThreadClaimTest.class, "job")
            .queue("q")
            .build();

    private final GearmandServer gearmand = GearmandServer.launch();
    private final List<GearmanBackend> backends = new ArrayList<>();
    /** The job thread: the calls a worker's job thread makes, on a thread of their own. */
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-job-thread"));

    @AfterEach
    void stop() throws InterruptedException {
        jobThread.shutdownNow();
        jobThread.awaitTermination(10, TimeUnit.SECONDS);
        backends.forEach(GearmanBackend::close);
        gearmand.close();
    }

    @Test
    void theJobThreadTakesTheAnswerToItsResultsGrab_andAnIdleSlotGoesBackToTheFetcher() throws Exception {
        GearmanBackend backend = worker("w");
        enqueue(backend, "a", "b");
        ClaimedJob a = fetcherClaims(backend, "w");
        onJobThread(() -> backend.claimNext(a.lease(), QUEUES, 0, "w", LEASE)); // as its first success does

        List<ClaimedJob> next = onJobThread(() -> {
            assertThat(backend.complete(a.lease(), bytes("A"))).isTrue();
            return backend.claimNext(a.lease(), QUEUES, 1, "w", LEASE);
        });
        assertThat(next)
                .as("the job assigned in answer to the grab sent with a's result")
                .hasSize(1);
        ClaimedJob b = next.get(0);
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(backend.claim(QUEUES, 1, "w", LEASE))
                .as("the fetcher's claim while the job thread holds b")
                .isEmpty();

        List<ClaimedJob> none = onJobThread(() -> {
            assertThat(backend.complete(b.lease(), bytes("B"))).isTrue();
            return backend.claimNext(b.lease(), QUEUES, 1, "w", LEASE);
        });
        assertThat(none).as("gearmand had nothing more").isEmpty();

        // The slot sleeps again (PRE_SLEEP) and is the fetcher's: gearmand's NOOP for a new job reaches it.
        enqueue(backend, "c");
        assertThat(fetcherClaims(backend, "w").id()).isNotIn(a.id(), b.id());
    }

    @Test
    void aGrabTheJobThreadNoLongerWaitsFor_isAnsweredToTheFetcher_andOnCloseGoesToAnotherWorker() throws Exception {
        GearmanBackend backend = worker("w");
        enqueue(backend, "a", "b", "c");
        ClaimedJob a = fetcherClaims(backend, "w");
        onJobThread(() -> backend.claimNext(a.lease(), QUEUES, 0, "w", LEASE));

        List<ClaimedJob> none = onJobThread(() -> {
            assertThat(backend.complete(a.lease(), bytes("A"))).isTrue();
            return backend.claimNext(a.lease(), QUEUES, 0, "w", LEASE); // stopping: it runs nothing more
        });
        assertThat(none).isEmpty();
        ClaimedJob b = fetcherClaims(backend, "w");
        assertThat(b.id()).isNotEqualTo(a.id());

        // b's result asks for c on the job thread, which takes no more: c is assigned to a connection nobody reads.
        onJobThread(() -> {
            assertThat(backend.complete(b.lease(), bytes("B"))).isTrue();
            return backend.claimNext(b.lease(), QUEUES, 0, "w", LEASE);
        });
        backend.unregisterWorker("w");

        GearmanBackend other = worker("other");
        ClaimedJob c = fetcherClaims(other, "other");
        assertThat(c.payload())
                .as("the job assigned to the closed worker, handed on by gearmand")
                .isNotEqualTo(a.payload())
                .isNotEqualTo(b.payload());
    }

    private GearmanBackend worker(String owner) {
        GearmanBackend backend = new GearmanBackend(
                GearmanSettings.from(ErrandConfig.of(Map.of("errand.gearman.servers", gearmand.address()), "test")),
                Clock.systemUTC());
        backends.add(backend);
        backend.registerWorker(owner, List.of(JOB), QUEUES, 1);
        return backend;
    }

    private static void enqueue(GearmanBackend backend, String... args) {
        for (String arg : args) {
            backend.enqueue(List.of(NewJobs.at(Clock.systemUTC().instant())
                    .name("Tck.job")
                    .queue("q")
                    .payload("[\"" + arg + "\"]")
                    .build()));
        }
    }

    /** One job claimed by the fetcher (the test's thread), waiting for gearmand to hand it out. */
    private static ClaimedJob fetcherClaims(GearmanBackend backend, String owner) {
        List<ClaimedJob> claimed = new ArrayList<>();
        await("a job claimed by worker " + owner + "'s fetcher").atMost(MAX).until(() -> {
            claimed.addAll(backend.claim(QUEUES, 1, owner, LEASE));
            return !claimed.isEmpty();
        });
        return claimed.get(0);
    }

    private <T> T onJobThread(Callable<T> call) throws Exception {
        return jobThread.submit(call).get(MAX.toSeconds(), TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void job() {}
}
