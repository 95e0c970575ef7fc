package dev.errand.backend.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lease batches by expiry, so that {@code recoverExpiredLeases()} looks only at the first entry
 * when nothing expired instead of scanning every running job, and by number, which is how a job
 * finds the batch that watches its lease. Its lock is a leaf: nothing else is locked while it is held.
 */
final class LeaseIndex {
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<LeaseBatch> batches =
            new TreeSet<>(Comparator.comparing((LeaseBatch b) -> b.expiresAt).thenComparingLong(b -> b.seq));
    private final ConcurrentHashMap<Long, LeaseBatch> byNumber = new ConcurrentHashMap<>();
    private final AtomicLong lastNumber = new AtomicLong();
    /** The batch found last, while it is in the index: the jobs of one finish batch mostly share one lease batch. */
    private volatile LeaseBatch lastFound;

    /** A new, empty batch with the next number; it is in the index once {@link #add added}. */
    LeaseBatch newBatch(Instant expiresAt, int capacity) {
        return new LeaseBatch(lastNumber.incrementAndGet(), expiresAt, capacity);
    }

    void add(LeaseBatch batch) {
        lock.lock();
        try {
            batches.add(batch);
            byNumber.put(batch.seq, batch);
        } finally {
            lock.unlock();
        }
    }

    void remove(LeaseBatch batch) {
        lock.lock();
        try {
            batches.remove(batch);
            byNumber.remove(batch.seq);
            forgetFound(batch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The batch with this number while it is in the index, else null (0 is no batch). A batch removed at the same moment
     * may still be returned; detaching a job from it then changes nothing.
     */
    LeaseBatch find(long number) {
        LeaseBatch found = lastFound;
        if (found != null && found.seq == number) {
            return found;
        }
        found = number == 0 ? null : byNumber.get(number);
        if (found != null) {
            lastFound = found;
        }
        return found;
    }

    /** Caller holds the lock. */
    private void forgetFound(LeaseBatch batch) {
        if (lastFound == batch) {
            lastFound = null;
        }
    }

    /** Removes and returns the batches that expired at {@code now}, earliest first; empty when none. */
    List<LeaseBatch> pollExpired(Instant now) {
        lock.lock();
        try {
            if (batches.isEmpty() || batches.first().expiresAt.isAfter(now)) {
                return List.of();
            }
            List<LeaseBatch> expired = new ArrayList<>();
            while (!batches.isEmpty() && !batches.first().expiresAt.isAfter(now)) {
                LeaseBatch batch = batches.pollFirst();
                byNumber.remove(batch.seq);
                forgetFound(batch);
                expired.add(batch);
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return batches.size();
        } finally {
            lock.unlock();
        }
    }
}
