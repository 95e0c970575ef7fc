package dev.errand.backend.memory;

import java.util.Arrays;

/**
 * A queue's available jobs in {@linkplain JobRecord#readyBefore claim order}: one lane per
 * priority, highest first. Jobs usually arrive in due order (runAt, then sequence), so each lane
 * keeps them in a ring buffer, O(1) to add and take with no comparisons across the backlog; only a
 * job that arrives out of order (a promoted scheduled job, a retry, a concurrent producer's older
 * batch) goes to the lane's small heap of stragglers. Not thread-safe: the queue lock guards it.
 */
final class ReadyQueue {
    /** Empty lanes are kept (a drained queue refills at once) until there are this many lanes. */
    private static final int MAX_LANES_BEFORE_PURGE = 16;

    private Lane[] lanes = new Lane[0];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(JobRecord job) {
        lane(job.priority).add(job);
        size++;
    }

    /** The job a claim takes next, or null. */
    JobRecord peek() {
        for (Lane lane : lanes) {
            if (lane.live > 0) {
                return lane.peek();
            }
        }
        return null;
    }

    /** Removes and returns the job a claim takes next, or null. */
    JobRecord poll() {
        for (Lane lane : lanes) {
            if (lane.live > 0) {
                size--;
                return lane.poll();
            }
        }
        return null;
    }

    /** Removes {@code job} if it waits here. */
    boolean remove(JobRecord job) {
        for (Lane lane : lanes) {
            if (lane.priority == job.priority) {
                if (lane.remove(job)) {
                    size--;
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private Lane lane(int priority) {
        int i = indexOf(priority);
        if (i < lanes.length && lanes[i].priority == priority) {
            return lanes[i];
        }
        if (lanes.length >= MAX_LANES_BEFORE_PURGE) {
            lanes = Arrays.stream(lanes).filter(l -> l.live > 0).toArray(Lane[]::new);
            i = indexOf(priority);
        }
        Lane lane = new Lane(priority);
        Lane[] grown = new Lane[lanes.length + 1];
        System.arraycopy(lanes, 0, grown, 0, i);
        grown[i] = lane;
        System.arraycopy(lanes, i, grown, i + 1, lanes.length - i);
        lanes = grown;
        return lane;
    }

    /** Where a lane of {@code priority} is or belongs: lanes are sorted by priority, highest first. */
    private int indexOf(int priority) {
        int i = 0;
        while (i < lanes.length && lanes[i].priority > priority) {
            i++;
        }
        return i;
    }

    /** The jobs of one priority: an in-order ring plus a heap of stragglers. */
    private static final class Lane {
        private static final int MIN_CAPACITY = 16;

        final int priority;
        /** Jobs waiting here, not counting cancelled ones still in the ring. */
        int live;
        /** Non-decreasing in due order; cancelled jobs stay until they reach the head. */
        private JobRecord[] ring = new JobRecord[MIN_CAPACITY];

        private int head;
        private int count;
        private int cancelledInRing;
        private final JobHeap stragglers = new JobHeap();

        Lane(int priority) {
            this.priority = priority;
        }

        void add(JobRecord job) {
            if (count == 0 || !JobRecord.dueBefore(job, ring[(head + count - 1) & (ring.length - 1)])) {
                if (count == ring.length) {
                    resize(ring.length * 2);
                }
                ring[(head + count) & (ring.length - 1)] = job;
                count++;
                job.heapIndex = JobRecord.IN_RUN;
            } else {
                stragglers.add(job);
            }
            live++;
        }

        JobRecord peek() {
            dropCancelledHead();
            JobRecord first = count == 0 ? null : ring[head];
            JobRecord straggler = stragglers.peek();
            if (first == null || (straggler != null && JobRecord.dueBefore(straggler, first))) {
                return straggler;
            }
            return first;
        }

        JobRecord poll() {
            JobRecord job = peek();
            if (job.heapIndex == JobRecord.IN_RUN) {
                takeHead();
                job.heapIndex = -1;
            } else {
                stragglers.poll();
            }
            live--;
            return job;
        }

        boolean remove(JobRecord job) {
            if (job.heapIndex == JobRecord.IN_RUN) {
                job.heapIndex = -1; // its slot is skipped when it reaches the head
                cancelledInRing++;
                live--;
                if (cancelledInRing > 32 && cancelledInRing > count / 2) {
                    compact();
                }
                return true;
            }
            if (stragglers.remove(job)) {
                live--;
                return true;
            }
            return false;
        }

        private void dropCancelledHead() {
            while (count > 0 && ring[head].heapIndex != JobRecord.IN_RUN) {
                takeHead();
                cancelledInRing--;
            }
        }

        private void takeHead() {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            count--;
            if (ring.length > MIN_CAPACITY && count < ring.length / 4) {
                resize(ring.length / 2);
            }
        }

        private void compact() {
            JobRecord[] kept = new JobRecord[ring.length];
            int n = 0;
            for (int i = 0; i < count; i++) {
                JobRecord job = ring[(head + i) & (ring.length - 1)];
                if (job.heapIndex == JobRecord.IN_RUN) {
                    kept[n++] = job;
                }
            }
            ring = kept;
            head = 0;
            count = n;
            cancelledInRing = 0;
        }

        private void resize(int capacity) {
            JobRecord[] resized = new JobRecord[capacity];
            for (int i = 0; i < count; i++) {
                resized[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = resized;
            head = 0;
        }
    }
}
