package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Claim: order, queues, batch size, leases, and no job handed out twice. */
public abstract class ClaimContract extends ContractArea {
    protected ClaimContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @Test
    void claim_takesHigherPriorityFirst_thenOldestFirst() {
        JobId low = enqueue(job().priority(0).build()).id();
        clock.advance(Duration.ofMillis(1));
        JobId high = enqueue(job().priority(10).build()).id();
        clock.advance(Duration.ofMillis(1));
        JobId lowLater = enqueue(job().priority(0).build()).id();
        clock.advance(Duration.ofMillis(1));
        JobId middle = enqueue(job().priority(5).build()).id();

        List<JobId> order = claim("q", 10).stream().map(ClaimedJob::id).toList();

        assertThat(order).containsExactly(high, middle, low, lowLater);
    }

    /** A priority is any {@code int}: the extremes sort as numbers too, wherever a backend keeps them. */
    @TestFactory
    Stream<DynamicTest> claim_ordersTheWholeRangeOfPriorities() {
        return unlessTrait(ContractTrait.NARROW_PRIORITIES, () -> {
            JobId zero = enqueue(job().priority(0).build()).id();
            JobId lowest = enqueue(job().priority(Integer.MIN_VALUE).build()).id();
            JobId highest = enqueue(job().priority(Integer.MAX_VALUE).build()).id();
            JobId aboveLowest =
                    enqueue(job().priority(Integer.MIN_VALUE + 1).build()).id();
            JobId minusOne = enqueue(job().priority(-1).build()).id();
            JobId belowHighest =
                    enqueue(job().priority(Integer.MAX_VALUE - 1).build()).id();

            assertThat(claim("q", 10))
                    .extracting(ClaimedJob::id)
                    .containsExactly(highest, belowHighest, zero, minusOne, aboveLowest, lowest);
        });
    }

    @TestFactory
    Stream<DynamicTest> claim_onlyFromTheRequestedQueues() {
        return whenDeclared(Capability.QUEUES, () -> {
            enqueue(job().queue("other").build());
            JobId mine = enqueue(job().queue("mine").build()).id();

            assertThat(backend.claim(Set.of("mine"), 10, OWNER, LEASE))
                    .extracting(ClaimedJob::id)
                    .containsExactly(mine);
            assertThat(backend.claim(Set.of("mine", "other"), 10, OWNER, LEASE)).hasSize(1);
        });
    }

    @Test
    void claim_respectsMax() {
        for (int i = 0; i < 5; i++) {
            enqueue(job().build());
        }
        assertThat(claim("q", 3)).hasSize(3);
        assertThat(claim("q", 3)).hasSize(2);
        assertThat(claim("q", 3)).isEmpty();
    }

    @Test
    void claim_marksRunning_countsTheAttempt_andLeasesToTheOwner() {
        JobId id = enqueue(job().name("Tck.echo")
                        .payload("[\"hi\"]")
                        .fingerprint("abcd1234")
                        .maxAttempts(4)
                        .build())
                .id();
        clock.advance(Duration.ofSeconds(2));

        ClaimedJob c = claimOne("q");

        assertThat(c.id()).isEqualTo(id);
        assertThat(c.name()).isEqualTo("Tck.echo");
        assertThat(new String(c.payload())).isEqualTo("[\"hi\"]");
        if (!has(ContractTrait.REGISTRATION_DEFINES_JOBS)) {
            assertThat(c.fingerprint()).isEqualTo("abcd1234");
            assertThat(c.maxAttempts()).isEqualTo(4);
        }
        assertThat(c.attempt()).isEqualTo(1);
        assertThat(c.enqueuedAt()).isEqualTo(T0);
        assertThat(c.lease().owner()).isEqualTo(OWNER);
        assertThat(c.lease().attempt()).isEqualTo(1);
        var info = info(id);
        assertThat(info.state()).isEqualTo(JobState.RUNNING);
        assertThat(info.attempt()).isEqualTo(1);
    }

    @Test
    void claim_neverHandsOutARunningJobAgain() {
        enqueue(job().build());
        claimOne("q");
        assertThat(claim("q", 10)).isEmpty();
    }

    @Test
    void concurrentClaims_handOutEachJobExactlyOnce() throws Exception {
        int jobs = 2000;
        List<dev.errand.spi.NewJob> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batch.add(job().build());
        }
        backend.enqueue(batch);
        for (int t = 0; t < 8; t++) {
            register(backend, "owner-" + t, "q", 7); // before the threads: registration is not thread-safe
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<JobId> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String owner = "owner-" + t;
                futures.add(pool.submit(() -> {
                    List<ClaimedJob> got;
                    while (!(got = backend.claim(Set.of("q"), 7, owner, LEASE)).isEmpty()) {
                        got.forEach(c -> {
                            claimed.add(c.id());
                            backend.complete(c.lease(), null);
                        });
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(jobs);
        assertThat(new HashSet<>(claimed)).hasSize(jobs);
    }
}
