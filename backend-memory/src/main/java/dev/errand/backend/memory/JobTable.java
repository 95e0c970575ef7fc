package dev.errand.backend.memory;

import dev.errand.job.JobId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Jobs by id. Ids are dense increasing numbers, so jobs live in chunks of {@value #CHUNK} slots
 * indexed by their number: no hashing and no map entry per job, only one map entry per chunk.
 * A chunk is dropped once the jobs of all its numbers have been removed (every number is stored
 * once, duplicates too, before they are removed), so memory follows the jobs that are kept.
 */
final class JobTable {
    private static final int SHIFT = 10;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
    /** The newest chunk: most lookups are for recent jobs and skip the map. */
    private volatile Chunk newest;
    /** Finishing jobs look up the same older chunk in a row. */
    private final RecentChunk lookups = new RecentChunk();
    /**
     * Finished jobs are dropped in the order they finished, so removals walk older chunks in a row of their own. With a
     * chunk kept for each, lookups and removals on two different chunks in turn do not send each other to the map.
     */
    private final RecentChunk removals = new RecentChunk();

    JobTable() {
        retire(chunk(0)); // numbering starts at 1
    }

    /** Stores a job under its number; each number is stored at most once. */
    void put(JobRecord job) {
        chunk(job.seq).slots.setRelease((int) (job.seq & MASK), job);
    }

    /** The job with this id, or null: unknown, removed, or not an id this backend gives out. */
    JobRecord get(JobId id) {
        long seq = parseSeq(id.value());
        if (seq < 1) {
            return null;
        }
        Chunk chunk = lookups.find(seq >>> SHIFT);
        if (chunk == null) {
            return null;
        }
        return chunk.slots.getAcquire((int) (seq & MASK)); // a canonical number names exactly one job
    }

    /** Removes a stored job; a second removal does nothing. */
    void remove(JobRecord job) {
        Chunk chunk = removals.find(job.seq >>> SHIFT);
        if (chunk != null && chunk.slots.compareAndSet((int) (job.seq & MASK), job, null)) {
            retire(chunk);
        }
    }

    void forEach(Consumer<JobRecord> action) {
        for (Chunk chunk : chunks.values()) {
            for (int i = 0; i < CHUNK; i++) {
                JobRecord job = chunk.slots.get(i);
                if (job != null) {
                    action.accept(job);
                }
            }
        }
    }

    int size() {
        int[] n = {0};
        forEach(job -> n[0]++);
        return n[0];
    }

    /** For tests: how many chunks are held. */
    int chunkCount() {
        return chunks.size();
    }

    private Chunk chunk(long seq) {
        long number = seq >>> SHIFT;
        Chunk chunk = newest;
        if (chunk != null && chunk.number == number) {
            return chunk;
        }
        chunk = chunks.computeIfAbsent(number, Chunk::new);
        if (newest == null || newest.number < number) {
            newest = chunk;
        }
        return chunk;
    }

    /** The last chunk one kind of caller found in the map, so that a run of calls on one chunk boxes no key. */
    private final class RecentChunk {
        private volatile Chunk recent;

        Chunk find(long number) {
            Chunk chunk = newest;
            if (chunk != null && chunk.number == number) {
                return chunk;
            }
            chunk = recent;
            if (chunk != null && chunk.number == number) {
                return chunk; // possibly retired since: then its slots are all empty, as a lookup in the map would say
            }
            chunk = chunks.get(number);
            if (chunk != null) {
                recent = chunk;
            }
            return chunk;
        }
    }

    private void retire(Chunk chunk) {
        if (chunk.retired.incrementAndGet() == CHUNK) {
            chunks.remove(chunk.number, chunk);
        }
    }

    /** The number in an id, or -1 when the text is not a canonical positive decimal. */
    static long parseSeq(String text) {
        int length = text.length();
        if (length == 0 || length > 18 || text.charAt(0) == '0') {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < length; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }

    private static final class Chunk {
        final long number;
        final AtomicReferenceArray<JobRecord> slots = new AtomicReferenceArray<>(CHUNK);
        final AtomicInteger retired = new AtomicInteger();

        Chunk(long number) {
            this.number = number;
        }
    }
}
