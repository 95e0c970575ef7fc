package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.Lease;
import dev.errand.spi.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@link Backend#completeAll}: many successes in one call, each fenced on its own lease as {@code complete} is. */
public abstract class CompleteAllContract extends ContractArea {
    protected CompleteAllContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> completeAll_marksEveryJobSucceeded_andDeliversEachResultToItsWaiters() {
        return whenDeclared(Capability.RESULTS, () -> {
            List<JobId> ids = new ArrayList<>();
            List<CompletableFuture<Outcome>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JobId id = enqueue(job().build()).id();
                ids.add(id);
                waiting.add(backend.outcome(id));
            }
            List<ClaimedJob> claimed = claim("q", 5);
            assertThat(claimed).hasSize(5);
            List<Completion> completions = new ArrayList<>();
            for (ClaimedJob c : claimed) {
                // A job that returns nothing (null) next to ones that return a value.
                completions.add(new Completion(
                        c.lease(), c.id().equals(ids.get(0)) ? null : utf8("\"" + c.id().value() + "\"")));
            }

            assertThat(backend.completeAll(completions)).containsExactly(true, true, true, true, true);

            for (int i = 0; i < ids.size(); i++) {
                Outcome o = waiting.get(i).get(10, TimeUnit.SECONDS);
                assertThat(o.state()).isEqualTo(JobState.SUCCEEDED);
                if (i == 0) {
                    assertThat(o.result()).isNull();
                } else {
                    assertThat(new String(o.result(), StandardCharsets.UTF_8))
                            .isEqualTo("\"" + ids.get(i).value() + "\"");
                }
                assertThat(state(ids.get(i))).isEqualTo(JobState.SUCCEEDED);
            }
            assertThat(claim("q", 10)).isEmpty();
        });
    }

    @TestFactory
    Stream<DynamicTest> completeAll_fencesEachElement_soLostLeasesFailOnlyThemselves() {
        return unlessTrait(ContractTrait.EXPIRED_LEASES_NOT_COUNTED, () -> {
            JobId held1 = enqueue(job().maxAttempts(3).build()).id();
            JobId stale = enqueue(job().maxAttempts(3).build()).id();
            JobId held2 = enqueue(job().maxAttempts(3).build()).id();
            List<ClaimedJob> first = claim("q", 3);
            Lease staleLease = first.stream()
                    .filter(c -> c.id().equals(stale))
                    .findFirst()
                    .orElseThrow()
                    .lease();
            // The lease of "stale" expires and its job is re-delivered as attempt 2; the other two are renewed in time.
            clock.advance(LEASE.minusSeconds(1));
            backend.renew(
                    first.stream()
                            .map(ClaimedJob::lease)
                            .filter(l -> !l.id().equals(stale))
                            .toList(),
                    LEASE);
            clock.advance(java.time.Duration.ofSeconds(2));
            assertThat(backend.recoverExpiredLeases()).isEqualTo(1);
            ClaimedJob current = claimOne("q");
            assertThat(current.id()).isEqualTo(stale);
            Lease impostor = new Lease(held2, "someone-else", 1);

            List<Completion> completions = new ArrayList<>();
            for (ClaimedJob c : first) {
                completions.add(new Completion(c.lease(), null));
            }
            completions.add(new Completion(impostor, null));
            List<Boolean> held = backend.completeAll(completions);

            List<Boolean> expected = new ArrayList<>();
            for (ClaimedJob c : first) {
                expected.add(!c.id().equals(stale));
            }
            expected.add(false);
            assertThat(held).containsExactlyElementsOf(expected);
            assertThat(state(held1)).isEqualTo(JobState.SUCCEEDED);
            assertThat(state(held2)).isEqualTo(JobState.SUCCEEDED);
            assertThat(state(stale)).isEqualTo(JobState.RUNNING);
            assertThat(backend.completeAll(List.of(new Completion(current.lease(), utf8("1")))))
                    .containsExactly(true);
            assertThat(state(stale)).isEqualTo(JobState.SUCCEEDED);
        });
    }

    @TestFactory
    Stream<DynamicTest> completeAll_ofAnAlreadyFinishedJob_isFalse_andChangesNothing() {
        return whenDeclared(Capability.RESULTS, () -> {
            JobId id = enqueue(job().build()).id();
            ClaimedJob c = claimOne("q");
            assertThat(backend.complete(c.lease(), utf8("1"))).isTrue();

            assertThat(backend.completeAll(List.of(new Completion(c.lease(), utf8("2")))))
                    .containsExactly(false);

            Outcome o = backend.outcome(id).get(10, TimeUnit.SECONDS);
            assertThat(new String(o.result(), StandardCharsets.UTF_8)).isEqualTo("1");
        });
    }

    @TestFactory
    Stream<DynamicTest> completeAll_acrossQueues_andOfNothing() {
        return whenDeclared(Capability.QUEUES, () -> {
            JobId a = enqueue(job().queue("a").build()).id();
            JobId b = enqueue(job().queue("b").build()).id();
            ClaimedJob ca = claimOne("a");
            ClaimedJob cb = claimOne("b");

            assertThat(backend.completeAll(List.of())).isEmpty();
            assertThat(backend.completeAll(
                            List.of(new Completion(cb.lease(), null), new Completion(ca.lease(), utf8("1")))))
                    .containsExactly(true, true);
            assertThat(state(a)).isEqualTo(JobState.SUCCEEDED);
            assertThat(state(b)).isEqualTo(JobState.SUCCEEDED);
        });
    }
}
