package dev.errand.backend.memory;

/**
 * The memory backend already holds {@code errand.memory.capacity} unfinished jobs (scheduled,
 * available, retryable or running), so an enqueue was refused and nothing of it was stored.
 * Jobs are not finishing as fast as they arrive: add workers, or raise the capacity.
 */
public class QueueFullException extends RuntimeException {
    private final long capacity;
    private final long unfinished;

    public QueueFullException(long capacity, long unfinished, int requested) {
        super(message(capacity, unfinished, requested));
        this.capacity = capacity;
        this.unfinished = unfinished;
    }

    private static String message(long capacity, long unfinished, int requested) {
        if (unfinished >= capacity) {
            return "memory backend is full: " + unfinished + " unfinished jobs (" + MemoryKeys.CAPACITY
                    + "); add workers, or raise " + MemoryKeys.CAPACITY;
        }
        return "memory backend is full: " + unfinished + " unfinished jobs and " + requested
                + " more would pass the capacity of " + capacity + " (" + MemoryKeys.CAPACITY
                + "); add workers, enqueue smaller batches, or raise " + MemoryKeys.CAPACITY;
    }

    /** The configured {@code errand.memory.capacity}. */
    public long capacity() {
        return capacity;
    }

    /** How many unfinished jobs the backend held when it refused. */
    public long unfinished() {
        return unfinished;
    }
}
