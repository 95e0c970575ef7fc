package dev.errand.backend.memory;

import java.util.Arrays;

/**
 * A binary min-heap of jobs in {@linkplain JobRecord#dueBefore due order} that knows each job's
 * position ({@link JobRecord#heapIndex}), so a cancelled job is removed in O(log n) instead of
 * lingering. Not thread-safe: the owning {@link QueueState}'s lock guards it. A job is in at most
 * one heap or run at a time.
 */
final class JobHeap {
    private static final int MIN_CAPACITY = 16;

    private JobRecord[] heap = new JobRecord[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first job, or null. */
    JobRecord peek() {
        return size == 0 ? null : heap[0];
    }

    void add(JobRecord job) {
        if (job.heapIndex != -1) {
            throw new IllegalStateException("already queued at " + job.heapIndex + ": " + job);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, job);
    }

    /** Removes and returns the first job, or null. */
    JobRecord poll() {
        if (size == 0) {
            return null;
        }
        JobRecord first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code job} if this heap holds it. */
    boolean remove(JobRecord job) {
        int i = job.heapIndex;
        if (i < 0 || i >= size || heap[i] != job) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        JobRecord removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        JobRecord moved = heap[last];
        heap[last] = null;
        if (i != last) {
            siftDown(i, moved);
            if (heap[i] == moved) {
                siftUp(i, moved);
            }
        }
        if (heap.length > MIN_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(MIN_CAPACITY, heap.length / 2));
        }
    }

    private void siftUp(int i, JobRecord job) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            JobRecord p = heap[parent];
            if (!JobRecord.dueBefore(job, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = job;
        job.heapIndex = i;
    }

    private void siftDown(int i, JobRecord job) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            JobRecord c = heap[child];
            int right = child + 1;
            if (right < size && JobRecord.dueBefore(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!JobRecord.dueBefore(c, job)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = job;
        job.heapIndex = i;
    }
}
