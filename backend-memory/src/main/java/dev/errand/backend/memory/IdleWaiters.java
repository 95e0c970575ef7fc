package dev.errand.backend.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks threads in {@code awaitWork} and wakes them. A waiter registers on its queues (and here,
 * for {@code wakeUp()}) before it looks for work, and the producers of work unpark the registered
 * waiters after adding it, so no wake-up is lost between the look and the park. A waiter also
 * reads the {@link #generation} before registering and returns if a {@code wakeUp()} changed it.
 * The wait is capped at the time the earliest scheduled job of its queues becomes due, computed
 * with the backend's clock: no thread polls or sleeps in a loop.
 */
final class IdleWaiters {
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final Clock clock;
    private final BooleanSupplier closed;

    IdleWaiters(Clock clock, BooleanSupplier closed) {
        this.clock = clock;
        this.closed = closed;
    }

    /** Parks until work may be due on one of {@code watched}, a wake-up, or {@code maxWait}. */
    void await(QueueState[] watched, Duration maxWait) {
        Thread me = Thread.currentThread();
        long seen = generation.get();
        threads.add(me);
        for (QueueState queue : watched) {
            queue.addWaiter(me);
        }
        try {
            if (closed.getAsBoolean() || generation.get() != seen) {
                return;
            }
            long waitNanos = saturatedNanos(maxWait);
            Instant now = clock.instant();
            for (QueueState queue : watched) {
                Instant due;
                queue.lock.lock();
                try {
                    queue.promoteDue(now);
                    if (!queue.ready.isEmpty()) {
                        return;
                    }
                    due = queue.nextDue();
                } finally {
                    queue.lock.unlock();
                }
                if (due != null) {
                    waitNanos = Math.min(waitNanos, saturatedNanos(Duration.between(now, due)));
                }
            }
            LockSupport.parkNanos(this, waitNanos);
        } finally {
            for (QueueState queue : watched) {
                queue.removeWaiter(me);
            }
            threads.remove(me);
        }
    }

    /** Makes every parked waiter return. */
    void wakeUpAll() {
        generation.incrementAndGet();
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
