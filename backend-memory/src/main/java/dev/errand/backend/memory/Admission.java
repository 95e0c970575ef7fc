package dev.errand.backend.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides what may enter: the capacity of unfinished jobs ({@code errand.memory.capacity}) and
 * the unique keys held by unfinished jobs. Lock-free; a job's monitor is taken only to check
 * whether a key's holder has just finished.
 */
final class Admission {
    private final int capacity;
    /** Jobs ever admitted; changed once per enqueue batch by a CAS. */
    private final AtomicLong admitted = new AtomicLong();
    /** Jobs that finished; a striped counter, as many workers finish jobs at once. */
    private final LongAdder finished = new LongAdder();

    private final ConcurrentHashMap<UniqueKey, JobRecord> holders = new ConcurrentHashMap<>();

    Admission(int capacity) {
        this.capacity = capacity;
    }

    /** Takes room for {@code count} new jobs, all or none; throws {@link QueueFullException} when they do not fit. */
    void reserve(int count) {
        long before;
        do {
            before = admitted.get();
            long unfinished = before - finished.sum();
            if (unfinished + count > capacity) {
                throw new QueueFullException(capacity, unfinished, count);
            }
        } while (!admitted.compareAndSet(before, before + count));
    }

    /** Gives back room reserved for jobs that were not stored (duplicates). */
    void unreserve(int count) {
        admitted.addAndGet(-count);
    }

    /**
     * Gives {@code job} its unique key, or returns the unfinished job that holds it. A holder that
     * has finished but not yet let go of the key is replaced.
     */
    JobRecord holdUniqueKey(JobRecord job) {
        UniqueKey key = new UniqueKey(job.queue.name, job.name, job.uniqueKey);
        while (true) {
            JobRecord holder = holders.putIfAbsent(key, job);
            if (holder == null) {
                return null;
            }
            synchronized (holder) {
                if (!holder.state().isFinal()) {
                    return holder;
                }
            }
            if (holders.replace(key, holder, job)) {
                return null;
            }
        }
    }

    /** A job reached a final state: frees its room and its unique key. */
    void finished(JobRecord job) {
        if (job.uniqueKey != null) {
            holders.remove(new UniqueKey(job.queue.name, job.name, job.uniqueKey), job);
        }
        finished.increment();
    }

    /** A finished job an operator retries: takes room and its unique key again, or returns the job holding the key. */
    JobRecord reopen(JobRecord job) {
        reserve(1);
        JobRecord holder = job.uniqueKey == null ? null : holdUniqueKey(job);
        if (holder != null) {
            unreserve(1);
            return holder;
        }
        return null;
    }

    long unfinished() {
        return admitted.get() - finished.sum();
    }

    /** Scoped like every backend scopes it: one queue, one job name. */
    private record UniqueKey(String queue, String name, String key) {}
}
