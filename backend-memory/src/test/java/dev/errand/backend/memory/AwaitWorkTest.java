package dev.errand.backend.memory;

import static dev.errand.backend.memory.TestJobs.LEASE;
import static dev.errand.backend.memory.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AwaitWorkTest extends MemoryBackendFixture {
    private static final Duration GUARD = Duration.ofSeconds(10);
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);

    @Test
    void awaitWork_returnsWhenAJobIsEnqueuedOnOneOfItsQueues() {
        assertTimeoutPreemptively(GUARD, () -> {
            Waiter waiter = Waiter.start(backend, Set.of("a", "b"));
            waiter.awaitParked();

            backend.enqueue(List.of(job(clock, "b")));

            waiter.join();
            assertThat(backend.claim(Set.of("a", "b"), 1, "w", LEASE)).hasSize(1);
        });
    }

    @Test
    void awaitWork_returnsWhenAJobIsHandedBack() {
        backend.enqueue(List.of(job(clock, "q")));
        var claimed = backend.claim(Set.of("q"), 1, "w", LEASE);
        assertTimeoutPreemptively(GUARD, () -> {
            Waiter waiter = Waiter.start(backend, Set.of("q"));
            waiter.awaitParked();

            backend.release(List.of(claimed.get(0).lease()));

            waiter.join();
        });
    }

    @Test
    void awaitWork_returnsAtOnceWhenWorkIsAlreadyDue() {
        backend.enqueue(List.of(job(clock, "q", 0, Duration.ofMinutes(5), null, 3)));
        clock.advance(Duration.ofMinutes(5));

        assertTimeoutPreemptively(GUARD, () -> backend.awaitWork(Set.of("q"), LONG_WAIT));
        assertThat(backend.claim(Set.of("q"), 1, "w", LEASE)).hasSize(1);
    }

    @Test
    void awaitWork_returnsWhenTheEarliestScheduledJobIsDue() {
        // The clock stands still, so only the wait computed from the job's runAt can end this.
        backend.enqueue(List.of(job(clock, "q", 0, Duration.ofMillis(200), null, 3)));

        assertTimeoutPreemptively(GUARD, () -> backend.awaitWork(Set.of("q"), LONG_WAIT));
    }

    @Test
    void wakeUp_releasesEveryWaiter() {
        assertTimeoutPreemptively(GUARD, () -> {
            List<Waiter> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(Waiter.start(backend, Set.of("q" + i)));
            }
            for (Waiter waiter : waiters) {
                waiter.awaitParked();
            }

            backend.wakeUp();

            for (Waiter waiter : waiters) {
                waiter.join();
            }
        });
    }

    @Test
    void close_releasesWaitersAndLaterCallsFail() {
        assertTimeoutPreemptively(GUARD, () -> {
            Waiter waiter = Waiter.start(backend, Set.of("q"));
            waiter.awaitParked();

            backend.close();

            waiter.join();
        });
        assertThatThrownBy(() -> backend.awaitWork(Set.of("q"), LONG_WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory backend is closed");
        assertThatThrownBy(() -> backend.enqueue(List.of(job(clock, "q"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory backend is closed");
    }

    @Test
    void awaitWork_throwsWhenInterrupted() {
        assertTimeoutPreemptively(GUARD, () -> {
            Waiter waiter = Waiter.start(backend, Set.of("q"));
            waiter.awaitParked();

            waiter.thread.interrupt();

            waiter.thread.join();
            assertThat(waiter.failure.get()).isInstanceOf(InterruptedException.class);
        });
    }

    /** A thread in awaitWork. */
    private static final class Waiter {
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch started = new CountDownLatch(1);

        private Waiter(MemoryBackend backend, Set<String> queues) {
            thread = new Thread(
                    () -> {
                        started.countDown();
                        try {
                            backend.awaitWork(queues, LONG_WAIT);
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    },
                    "waiter-" + queues);
        }

        static Waiter start(MemoryBackend backend, Set<String> queues) {
            Waiter waiter = new Waiter(backend, queues);
            waiter.thread.start();
            return waiter;
        }

        /** Waits until the thread is parked, so a wake-up is really needed to end its wait. */
        void awaitParked() throws InterruptedException {
            started.await();
            await(thread.getName() + " parks in awaitWork")
                    .atMost(GUARD)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        }

        void join() throws InterruptedException {
            thread.join();
            assertThat(failure.get()).isNull();
        }
    }
}
