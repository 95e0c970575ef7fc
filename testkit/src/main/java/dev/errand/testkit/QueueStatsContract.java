package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobError;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.QueueStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Queue statistics ({@code errand queues}): depth by state and the oldest available job, per queue. */
public abstract class QueueStatsContract extends ContractArea {
    protected QueueStatsContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @Test
    void queueStats_ofAnEmptyBackend_isEmpty() {
        assertThat(backend.queueStats()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> queueStats_countsEachQueueByState_andFindsTheOldestAvailableJobAcrossPriorities() {
        return whenDeclared(Capability.QUEUES, () -> {
            enqueue(job().queue("a").payload("[1]").build());
            enqueue(job().queue("a").payload("[2]").build());
            enqueue(job().queue("a").payload("[3]").build());
            ClaimedJob running = claimOne("a");
            ClaimedJob failing = claimOne("a");
            ClaimedJob done = claimOne("a");
            assertThat(backend.fail(
                            failing.lease(), new JobError(1, clock.instant(), "E", "boom", ""), T0.plusSeconds(60)))
                    .isTrue();
            assertThat(backend.complete(done.lease(), null)).isTrue();
            clock.advance(Duration.ofSeconds(5));
            enqueue(job().queue("a").priority(0).build());
            enqueue(job().queue("b").build());
            clock.advance(Duration.ofSeconds(5));
            enqueue(job().queue("a").priority(9).build());
            enqueue(job().queue("a").runAt(T0.plusSeconds(120)).build());
            clock.advance(Duration.ofSeconds(5));

            List<QueueStats> stats = backend.queueStats();

            assertThat(stats).extracting(QueueStats::queue).containsExactly("a", "b");
            QueueStats a = stats.get(0);
            assertThat(List.of(a.available(), a.scheduled(), a.running(), a.retryable()))
                    .as("available, scheduled, running, retryable of queue a")
                    .containsExactly(2L, 1L, 1L, 1L);
            assertThat(a.oldestAvailable()).contains(T0.plusSeconds(5));
            assertThat(a.oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(10));
            QueueStats b = stats.get(1);
            assertThat(List.of(b.available(), b.scheduled(), b.running(), b.retryable()))
                    .containsExactly(1L, 0L, 0L, 0L);
            assertThat(b.oldestAvailable()).contains(T0.plusSeconds(5));
            assertThat(running.queue()).isEqualTo("a");
        });
    }

    @TestFactory
    Stream<DynamicTest>
            queueStats_countsDueRetriesAndScheduledJobsAsAvailable_andLeavesOutQueuesWithOnlyFinishedJobs() {
        return whenDeclared(Capability.QUEUES, () -> {
            enqueue(job().queue("retry").build());
            ClaimedJob claimed = claimOne("retry");
            assertThat(backend.fail(
                            claimed.lease(), new JobError(1, clock.instant(), "E", "boom", ""), T0.plusSeconds(30)))
                    .isTrue();
            enqueue(job().queue("later").runAt(T0.plusSeconds(20)).build());
            enqueue(job().queue("finished").build());
            assertThat(backend.complete(claimOne("finished").lease(), null)).isTrue();
            clock.advance(Duration.ofSeconds(40));

            List<QueueStats> stats = backend.queueStats();

            assertThat(stats).extracting(QueueStats::queue).containsExactly("later", "retry");
            assertThat(stats.get(0)).isEqualTo(new QueueStats("later", 1, 0, 0, 0, Optional.of(T0.plusSeconds(20))));
            assertThat(stats.get(1)).isEqualTo(new QueueStats("retry", 1, 0, 0, 0, Optional.of(T0.plusSeconds(30))));
            assertThat(stats.get(1).oldestAge(clock.instant())).isEqualTo(Duration.ofSeconds(10));
        });
    }
}
