package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
    private WatchedClock watchedClock;

    @Override
    protected Clock backendClock() {
        watchedClock = new WatchedClock(clock);
        return watchedClock;
    }

    @Test
    void awaitWork_returnsAtOnce_whenAJobIsAlreadyDue() {
        enqueue(job().build());
        assertTimeoutPreemptively(GUARD, () -> backend.awaitWork(Set.of("q"), LONG_WAIT));
    }

    /**
     * The enqueue lands only once the waiter has looked for work (read the clock for its due
     * check) and blocked, so it cannot return through the already-due path: it must be woken.
     */
    @Test
    void awaitWork_wakesWhenAJobIsEnqueued() throws Exception {
        CountDownLatch returned = waiterBlockedOnQueueQ();

        enqueue(job().build());

        assertThat(returned.await(GUARD.toSeconds(), TimeUnit.SECONDS))
                .as("awaitWork (waiting up to %s) returned within %s of an enqueue", LONG_WAIT, GUARD)
                .isTrue();
    }

    /**
     * A job handed back (a worker that stops lets go of the jobs it claimed but did not start) is waiting again, and
     * a worker of the same client that waits for work must hear of it as of a new job, not at its next poll. (A
     * backend that polls within the guard passes this by polling too; such backends test the wake-up themselves.)
     */
    @Test
    void awaitWork_wakesWhenAJobIsReleased() throws Exception {
        enqueue(job().build());
        ClaimedJob claimed = claimOne("q");
        CountDownLatch returned = waiterBlockedOnQueueQ();

        backend.release(List.of(claimed.lease()));

        assertThat(returned.await(GUARD.toSeconds(), TimeUnit.SECONDS))
                .as("awaitWork (waiting up to %s) returned within %s of a release", LONG_WAIT, GUARD)
                .isTrue();
    }

    /**
     * A thread in {@code awaitWork} on queue "q" that has looked for work (read the clock for its due check) and
     * blocked; the latch opens when it returns. A waiter that returns before (a backend may wake its waiters
     * spuriously, as PostgreSQL's listener does when it connects) is replaced by a new one.
     */
    private CountDownLatch waiterBlockedOnQueueQ() {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (true) {
            assertThat(System.nanoTime())
                    .as("awaitWork with nothing due blocked after reading the clock within %s", GUARD)
                    .isLessThan(deadline);
            CountDownLatch returned = new CountDownLatch(1);
            Thread waiter = new Thread(
                    () -> {
                        try {
                            backend.awaitWork(Set.of("q"), LONG_WAIT);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        returned.countDown();
                    },
                    "tck-awaitWork");
            waiter.setDaemon(true); // a waiter left blocked by a failing backend does not hold the test run open
            watchedClock.watch(waiter);
            waiter.start();
            while (returned.getCount() > 0 && System.nanoTime() < deadline) {
                if (watchedClock.readByWatched() && blocked(waiter.getState())) {
                    return returned;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private static boolean blocked(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** The test's clock, noting whether one thread has read it. */
    private static final class WatchedClock extends Clock {
        private final Clock clock;
        private volatile Thread watched;
        private volatile boolean read;

        WatchedClock(Clock clock) {
            this.clock = clock;
        }

        void watch(Thread thread) {
            read = false;
            watched = thread;
        }

        boolean readByWatched() {
            return read;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread() == watched) {
                read = true;
            }
            return clock.instant();
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the contract's clock has no other zone");
        }
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
