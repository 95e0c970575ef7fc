package dev.errand.backend.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lease batches by expiry, so that {@code recoverExpiredLeases()} looks only at the first entry
 * when nothing expired instead of scanning every running job. Its lock is a leaf: nothing else is
 * locked while it is held.
 */
final class LeaseIndex {
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<LeaseBatch> batches =
            new TreeSet<>(Comparator.comparing((LeaseBatch b) -> b.expiresAt).thenComparingLong(b -> b.seq));
    private long nextSeq;

    void add(LeaseBatch batch) {
        lock.lock();
        try {
            batch.seq = ++nextSeq;
            batches.add(batch);
        } finally {
            lock.unlock();
        }
    }

    void remove(LeaseBatch batch) {
        lock.lock();
        try {
            batches.remove(batch);
        } finally {
            lock.unlock();
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
                expired.add(batches.pollFirst());
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
