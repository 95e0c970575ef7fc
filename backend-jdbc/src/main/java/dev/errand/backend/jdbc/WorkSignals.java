package dev.errand.backend.jdbc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process wake-ups for {@code awaitWork}: a counter per queue, bumped when this backend
 * enqueues a job of that queue or a PostgreSQL {@code NOTIFY} names it, and a global counter
 * bumped by {@code wakeUp()}, {@code close()} and changes whose jobs' queues are not at hand (a
 * release of leases, an operator's retry). A waiter remembers the counters of its queues and
 * returns as soon as one moves.
 */
final class WorkSignals {
    private final Object lock = new Object();
    private final Map<String, Long> queues = new ConcurrentHashMap<>();
    private long global;
    private volatile long lastActivityNanos = System.nanoTime();
    /** When a claim last found jobs; long ago until one does. */
    private volatile long lastFoundNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /** What a waiter compares against. */
    record Snapshot(long global, long queues) {}

    Snapshot snapshot(Set<String> watched) {
        synchronized (lock) {
            return new Snapshot(global, sum(watched));
        }
    }

    void signal(String queue) {
        synchronized (lock) {
            queues.merge(queue, 1L, Long::sum);
            lock.notifyAll();
        }
        activity();
    }

    void signalAll() {
        synchronized (lock) {
            global++;
            lock.notifyAll();
        }
    }

    /** Records work seen (a non-empty claim, an enqueue) for the adaptive poll interval. */
    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    long nanosSinceActivity() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** Records a claim that found jobs: work seen, and more may be on its way (see JdbcBackend#awaitWork). */
    void found() {
        lastFoundNanos = System.nanoTime();
        activity();
    }

    long nanosSinceFound() {
        return System.nanoTime() - lastFoundNanos;
    }

    /**
     * Waits up to {@code nanos} for a signal after {@code since}; true when one came (or came
     * before the call), false on time-out.
     */
    boolean await(Set<String> watched, Snapshot since, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (lock) {
            while (true) {
                if (global != since.global || sum(watched) != since.queues) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private long sum(Set<String> watched) {
        long total = 0;
        for (String q : watched) {
            total += queues.getOrDefault(q, 0L);
        }
        return total;
    }
}
