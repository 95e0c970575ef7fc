package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Capability;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code errand.gearman.epoch=true} against a real gearmand: {@code enqueue()} with a delay is a
 * {@code SUBMIT_JOB_EPOCH}, held by gearmand until its second, then found by an idle Java worker at its next regrab
 * (gearmand sends no {@code NOOP} for it); what gearmand cannot hold is refused, naming what to do.
 */
class EpochTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final GearmandServer gearmand = GearmandServer.launch();
    private static final Shop shop = new Shop();
    private static final List<String> timing = new ArrayList<>();
    private static Errand errand;
    private static Worker worker;

    @BeforeAll
    static void start() {
        errand = GearmanFixture.errand(
                gearmand.address(),
                Map.of("errand.gearman.epoch", "true", "errand.gearman.worker.regrabInterval", "200ms"));
        worker = GearmanFixture.timedWorker(errand, shop, 1, timing);
    }

    @AfterAll
    static void stop() {
        worker.close();
        errand.close();
        gearmand.close();
    }

    @Test
    void aDelayedBackgroundJob_waitsInGearmandForItsSecond_thenAnIdleWorkerRunsIt() {
        assertThat(errand.backend().capabilities()).contains(Capability.SCHEDULING);
        Instant runAt = Instant.now().plusSeconds(2);
        JobId id = new ShopJobs(errand).record("later").runAt(runAt).enqueue();
        assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

        await("the worker ran the job held until " + runAt)
                .atMost(MAX)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> shop.recorded.contains("later"));
        assertThat(Instant.now()).as("when the run was seen").isAfterOrEqualTo(runAt);
        await("its timing line").atMost(MAX).until(() -> {
            synchronized (timing) {
                return timing.stream().anyMatch(l -> l.contains("fn=shop::Record"));
            }
        });
        synchronized (timing) {
            String line = timing.stream()
                    .filter(l -> l.contains("fn=shop::Record"))
                    .findFirst()
                    .orElseThrow();
            double delayMs = Double.parseDouble(line.replaceAll(".* delay_ms=([0-9.]+) .*", "$1"));
            // Counted from the run time (in the stamp), not from the enqueue: the second's rounding and one regrab.
            assertThat(delayMs).as(line).isBetween(0.0, 1_000.0 + 200 + 500);
        }
    }

    @Test
    void whatGearmandCannotHold_isRefused_sayingWhatToDo() {
        ShopJobs jobs = new ShopJobs(errand);
        assertThatThrownBy(() -> jobs.upper("x").delay(Duration.ofSeconds(5)).call())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shop::Upper")
                .hasMessageContaining("submit() or call() with a run time")
                .hasMessageContaining("enqueue() it");
        assertThatThrownBy(() ->
                        jobs.upper("x").delay(Duration.ofSeconds(5)).priority(5).enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("priority(5) with a run time")
                .hasMessageContaining("SUBMIT_JOB_EPOCH has no priority");
    }
}
