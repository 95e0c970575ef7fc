package dev.errand.backend.memory;

import dev.errand.job.JobState;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue: its ready jobs in claim order, its scheduled and retryable jobs in due order, and
 * the threads idle in {@code awaitWork} on it. There is no timer thread: due jobs are promoted
 * when somebody claims or waits.
 */
final class QueueState {
    final String name;
    /** Queues are locked in ascending rank when a claim spans several of them. */
    final int rank;
    /** Guards {@link #ready}, {@link #scheduled} and the state of every job in them. Taken before a job's monitor. */
    final ReentrantLock lock = new ReentrantLock();

    final ReadyQueue ready = new ReadyQueue();
    /** SCHEDULED and RETRYABLE jobs, by the time they become due ({@link JobRecord#runAt}). */
    final JobHeap scheduled = new JobHeap();

    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    /** How many threads are in {@link #waiters}: a cheap check for the common case of none. */
    private final AtomicInteger waiterCount = new AtomicInteger();

    QueueState(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    /** Puts a waiting job where it belongs by its state. Caller holds {@link #lock}. */
    void offer(JobRecord job) {
        if (job.state() == JobState.AVAILABLE) {
            ready.add(job);
        } else {
            scheduled.add(job);
        }
    }

    /** Makes every scheduled or retryable job that is due at {@code now} available. Caller holds {@link #lock}. */
    void promoteDue(Instant now) {
        long nowKey = JobRecord.key(now);
        JobRecord job;
        while ((job = scheduled.peek()) != null && job.runAtKey <= nowKey) {
            scheduled.poll();
            synchronized (job) {
                job.state(JobState.AVAILABLE);
            }
            ready.add(job);
        }
    }

    /** When the next scheduled or retryable job becomes due, or null. Caller holds {@link #lock}. */
    Instant nextDue() {
        JobRecord job = scheduled.peek();
        return job == null ? null : job.runAt;
    }

    /** Registers a thread before it checks for work, so a job added after the check wakes it. */
    void addWaiter(Thread thread) {
        waiters.add(thread);
        waiterCount.incrementAndGet();
    }

    void removeWaiter(Thread thread) {
        waiterCount.decrementAndGet();
        waiters.remove(thread);
    }

    /** Wakes every thread idle on this queue; called after jobs were added to it (no lock held). */
    void signalWaiters() {
        if (waiterCount.get() > 0) {
            for (Thread thread : waiters) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public String toString() {
        return "queue " + name;
    }
}
