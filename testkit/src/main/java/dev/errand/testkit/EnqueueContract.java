package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Enqueue: ids, initial states, delays, batches and unique keys. */
public abstract class EnqueueContract extends ContractArea {
    protected EnqueueContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @TestFactory
    Stream<DynamicTest> enqueue_storesJobAsAvailable_withItsFields() {
        return whenDeclared(Capability.QUEUES, () -> {
            EnqueueResult r = enqueue(job().name("Tck.echo")
                    .queue("mail")
                    .priority(7)
                    .maxAttempts(4)
                    .payload("[\"x\"]")
                    .build());

            assertThat(r.duplicate()).isFalse();
            JobInfo info = info(r.id());
            assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(info.name()).isEqualTo("Tck.echo");
            assertThat(info.queue()).isEqualTo("mail");
            assertThat(info.priority()).isEqualTo(7);
            assertThat(info.attempt()).isZero();
            assertThat(info.maxAttempts()).isEqualTo(4);
            assertThat(info.enqueuedAt()).isEqualTo(T0);
            assertThat(info.runAt()).isEqualTo(T0);
            assertThat(info.errors()).isEmpty();
        });
    }

    @Test
    void enqueue_batch_returnsDistinctIdsInInputOrder() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            jobs.add(job().payload("[" + i + "]").build());
        }
        List<EnqueueResult> results = backend.enqueue(jobs);

        assertThat(results).hasSize(500);
        assertThat(new HashSet<>(results.stream().map(EnqueueResult::id).toList()))
                .hasSize(500);
        List<String> claimedPayloads = new ArrayList<>();
        claim("q", 500).forEach(c -> claimedPayloads.add(new String(c.payload())));
        assertThat(claimedPayloads).hasSize(500).startsWith("[0]", "[1]", "[2]").endsWith("[499]");
    }

    @Test
    void delayedJob_isScheduled_andClaimableOnlyWhenDue() {
        JobId id = enqueue(job().runAt(T0.plusSeconds(60)).build()).id();

        assertThat(state(id)).isEqualTo(JobState.SCHEDULED);
        assertThat(claim("q", 10)).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(claim("q", 10)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(claimOne("q").id()).isEqualTo(id);
    }

    @Test
    void uniqueKey_whileQueued_returnsTheExistingJob() {
        JobId first =
                enqueue(job().name("Tck.fetch").uniqueKey("https://a").build()).id();
        EnqueueResult again =
                enqueue(job().name("Tck.fetch").uniqueKey("https://a").build());

        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first);
        assertThat(claim("q", 10)).hasSize(1);
    }

    @Test
    void uniqueKey_withinOneBatch_storesOnlyTheFirst() {
        List<EnqueueResult> results = backend.enqueue(List.of(
                job().name("Tck.fetch").uniqueKey("k").build(),
                job().name("Tck.fetch").uniqueKey("k").build(),
                job().name("Tck.fetch").uniqueKey("other").build()));

        assertThat(results.get(0).duplicate()).isFalse();
        assertThat(results.get(1).duplicate()).isTrue();
        assertThat(results.get(1).id()).isEqualTo(results.get(0).id());
        assertThat(results.get(2).duplicate()).isFalse();
    }

    @Test
    void uniqueKey_isHeldWhileRunning_andFreedWhenFinished() {
        JobId first = enqueue(job().name("Tck.fetch").uniqueKey("k").build()).id();
        var claimed = claimOne("q");
        assertThat(enqueue(job().name("Tck.fetch").uniqueKey("k").build()).id()).isEqualTo(first);

        assertThat(backend.complete(claimed.lease(), null)).isTrue();
        EnqueueResult after = enqueue(job().name("Tck.fetch").uniqueKey("k").build());
        assertThat(after.duplicate()).isFalse();
        assertThat(after.id()).isNotEqualTo(first);
    }

    @Test
    void uniqueKey_isScopedToTheJobName() {
        EnqueueResult a = enqueue(job().name("Tck.a").uniqueKey("k").build());
        EnqueueResult b = enqueue(job().name("Tck.b").uniqueKey("k").build());

        assertThat(b.duplicate()).isFalse();
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @TestFactory
    Stream<DynamicTest> uniqueKey_isScopedToTheQueue() {
        return whenDeclared(Capability.QUEUES, () -> {
            EnqueueResult a =
                    enqueue(job().name("Tck.a").queue("one").uniqueKey("k").build());
            EnqueueResult b =
                    enqueue(job().name("Tck.a").queue("two").uniqueKey("k").build());

            assertThat(b.duplicate()).isFalse();
            assertThat(b.id()).isNotEqualTo(a.id());
        });
    }

    @Test
    void uniqueKey_isFreedByCancel_andByDeath() {
        JobId cancelled = enqueue(job().name("Tck.u").uniqueKey("k").build()).id();
        assertThat(backend.cancel(cancelled)).isTrue();
        JobId second = enqueue(job().name("Tck.u").uniqueKey("k").maxAttempts(1).build())
                .id();
        assertThat(second).isNotEqualTo(cancelled);

        var claimed = claimOne("q");
        backend.fail(claimed.lease(), new dev.errand.job.JobError(1, clock.instant(), "E", "boom", ""), null);
        assertThat(enqueue(job().name("Tck.u").uniqueKey("k").build()).duplicate())
                .isFalse();
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(backend.find(JobId.of("999999999"))).isEmpty();
    }

    @Test
    void submit_storesJobsAsEnqueueDoes_inInputOrder() {
        List<EnqueueResult> results = backend.submit(
                List.of(job().name("Tck.s1").build(), job().name("Tck.s2").build()));

        assertThat(results).hasSize(2).noneMatch(EnqueueResult::duplicate);
        assertThat(info(results.get(0).id()).name()).isEqualTo("Tck.s1");
        assertThat(info(results.get(1).id()).name()).isEqualTo("Tck.s2");
        assertThat(state(results.get(0).id())).isEqualTo(JobState.AVAILABLE);
        assertThat(claimOne("q").id()).isEqualTo(results.get(0).id());
    }
}
