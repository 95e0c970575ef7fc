package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.IdReservation;
import java.util.Arrays;

/**
 * Hands out job ids reserved from the database ahead of the insert, so a batch insert knows
 * every row's id without reading generated keys, and ids grow in enqueue order within a
 * process (they break claim-order ties). Ids are reserved in blocks of at least {@link #BLOCK}, and of
 * four times the batch that ran out of them (at most 10,000 beyond it)
 * on a pooled connection of their own, committed at once, so the counter row of MySQL is never
 * locked for the length of an enqueue transaction. Unused ids of a closed backend are gaps.
 */
final class IdAllocator {
    static final int BLOCK = 64;

    private final Database db;
    private long[] reserved = new long[0];
    private int next;

    IdAllocator(Database db) {
        this.db = db;
    }

    /** {@code count} new ids, ascending. */
    synchronized long[] take(int count) {
        if (reserved.length - next < count) {
            // Four batches' worth at a time: a producer of batches of 100 reserves once per four batches, not once per
            // batch (a round trip and a transaction of its own). Ids left unused when the process ends are gaps.
            long[] more = reserve(Math.max(BLOCK, Math.min(4 * count, count + 10_000)));
            long[] merged = Arrays.copyOf(
                    Arrays.copyOfRange(reserved, next, reserved.length), reserved.length - next + more.length);
            System.arraycopy(more, 0, merged, reserved.length - next, more.length);
            reserved = merged;
            next = 0;
        }
        long[] ids = Arrays.copyOfRange(reserved, next, next + count);
        next += count;
        return ids;
    }

    private long[] reserve(int count) {
        IdReservation reservation = db.dialect().ids();
        return db.transaction("reserve job ids", c -> reservation.reserve(c, count));
    }
}
