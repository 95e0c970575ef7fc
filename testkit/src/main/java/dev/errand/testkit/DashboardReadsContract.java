package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.FinishedStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard reads beyond the operator's calls: the finished counts per queue (every kept dead and cancelled
 * job, and the jobs that succeeded since a time, where the backend counts them at all) and a job's arguments.
 */
public abstract class DashboardReadsContract extends ContractArea {
    protected DashboardReadsContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @Test
    void finishedStats_ofABackendWithOnlyUnfinishedJobs_countsNothing() {
        enqueue(job().queue("waiting").build());
        assertThat(backend.finishedStats(T0))
                .as("no queue, or (where succeeded jobs are not counted) the queue with nothing counted")
                .allSatisfy(s -> {
                    assertThat(s.queue()).isEqualTo("waiting");
                    assertThat(List.of(s.dead(), s.cancelled())).containsExactly(0L, 0L);
                    assertThat(s.succeeded()).isEmpty();
                });
    }

    @Test
    void finishedStats_countsDeadAndCancelledPerQueue_andSucceededOnlySinceTheTimeAsked() {
        succeed("a");
        clock.advance(Duration.ofMinutes(10));
        succeed("a");
        succeed("a");
        kill("a");
        kill("b");
        kill("b");
        JobId cancelled = enqueue(job().queue("b").build()).id();
        assertThat(backend.cancel(cancelled)).isTrue();
        clock.advance(Duration.ofMinutes(10));

        List<FinishedStats> stats = backend.finishedStats(T0.plus(Duration.ofMinutes(5)));

        assertThat(stats).extracting(FinishedStats::queue).containsExactly("a", "b");
        FinishedStats a = stats.get(0);
        assertThat(List.of(a.dead(), a.cancelled()))
                .as("dead, cancelled of queue a")
                .containsExactly(1L, 0L);
        FinishedStats b = stats.get(1);
        assertThat(List.of(b.dead(), b.cancelled()))
                .as("dead, cancelled of queue b")
                .containsExactly(2L, 1L);
        if (a.succeeded().isPresent()) {
            assertThat(a.succeeded())
                    .as("succeeded in queue a since T0 + 5 min")
                    .isEqualTo(OptionalLong.of(2));
            assertThat(b.succeeded()).as("succeeded in queue b").isEqualTo(OptionalLong.of(0));
        } else {
            assertThat(b.succeeded())
                    .as("a backend counts succeeded jobs on every queue or none")
                    .isEmpty();
        }
    }

    @Test
    void finishedStats_followARetryAndADelete() {
        JobId dead = kill("a");
        JobId other = kill("a");
        assertThat(backend.finishedStats(T0))
                .extracting(FinishedStats::queue, FinishedStats::dead, FinishedStats::cancelled)
                .containsExactly(tuple("a", 2L, 0L));

        assertThat(backend.retry(dead)).isTrue();
        assertThat(backend.delete(other)).isTrue();

        assertThat(backend.finishedStats(T0))
                .as("after the retry of one dead job and the delete of the other")
                .allSatisfy(s -> assertThat(List.of(s.dead(), s.cancelled())).containsExactly(0L, 0L));
    }

    @Test
    void arguments_areTheEncodedArgumentsAsEnqueued_andEmptyForAnUnknownJob() {
        JobId id = enqueue(job().queue("a")
                        .payload("[\"<script>alert(1)</script>\",42]")
                        .build())
                .id();
        JobId dead = kill("a");

        assertThat(backend.arguments(id).map(b -> new String(b, StandardCharsets.UTF_8)))
                .contains("[\"<script>alert(1)</script>\",42]");
        assertThat(backend.arguments(dead))
                .as("a dead job keeps its arguments for a retry")
                .isPresent();
        assertThat(backend.arguments(JobId.of("999999"))).isEmpty();
        assertThat(backend.arguments(JobId.of("no-such-job"))).isEmpty();
    }

    private void succeed(String queue) {
        enqueue(job().queue(queue).build());
        assertThat(backend.complete(claimOne(queue).lease(), null)).isTrue();
    }

    private JobId kill(String queue) {
        enqueue(job().queue(queue).maxAttempts(1).build());
        var claimed = claimOne(queue);
        assertThat(backend.fail(claimed.lease(), new JobError(1, clock.instant(), "E", "boom", ""), null))
                .isTrue();
        return claimed.id();
    }
}
