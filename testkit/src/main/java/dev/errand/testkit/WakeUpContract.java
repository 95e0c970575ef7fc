package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Idle workers block in {@code awaitWork} and wake when work arrives or on {@code wakeUp()}.
 * Each wait below is 60 s long; a backend that does not wake would fail the 20 s guard.
 */
public abstract class WakeUpContract extends ContractArea {
    protected WakeUpContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }
    private static final Duration LONG_WAIT = Duration.ofSeconds(60);
    private static final Duration GUARD = Duration.ofSeconds(20);

    @Test
    void awaitWork_returnsAtOnce_whenAJobIsAlreadyDue() {
        enqueue(job().build());
        assertTimeoutPreemptively(GUARD, () -> backend.awaitWork(Set.of("q"), LONG_WAIT));
    }

    @Test
    void awaitWork_wakesWhenAJobIsEnqueued() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                backend.awaitWork(Set.of("q"), LONG_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        waiter.start();
        enqueue(job().build());

        assertThat(returned.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("awaitWork returned after an enqueue").isTrue();
    }

    @Test
    void awaitWork_wakesOnWakeUp() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                backend.awaitWork(Set.of("q"), LONG_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        waiter.start();
        started.await();
        // wakeUp must reach a waiter whether it is already blocked or about to block.
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (returned.getCount() > 0 && System.nanoTime() < deadline) {
            backend.wakeUp();
            returned.await(100, TimeUnit.MILLISECONDS);
        }
        assertThat(returned.getCount()).as("awaitWork returned after wakeUp").isZero();
    }
}
