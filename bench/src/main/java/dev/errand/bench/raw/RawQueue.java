package dev.errand.bench.raw;

/**
 * A plain queue on the same server as the backend under test, measured in the same run as Errand, so the ratio
 * between the two holds on a machine whose speed varies from run to run. Two kinds: the raw queue, with none of
 * Errand's guarantees (no leases, no outcomes, no retries, no timing log), the ceiling an Errand figure is read
 * against; and the record floor, which keeps each job as a record under a fenced lease and nothing more, the least a
 * store pays for what Errand's guarantees stand on.
 */
public interface RawQueue extends AutoCloseable {
    String RAW = "raw queue";
    String RECORD_FLOOR = "record floor";

    /** {@link #RAW} or {@link #RECORD_FLOOR}: names the queue's rows and its share in Errand's notes. */
    String kind();

    /** How this queue enqueues and takes, for the row's note. */
    String describe();

    /** Adds {@code count} items in one batch (one transaction, one pipeline). */
    void addBatch(int count);

    /** Adds one item in one round trip; safe from several threads. */
    void addOne();

    /** Takes and acknowledges up to {@link #takeBatch()} items; how many it took. Safe from several threads. */
    int take();

    /** Items {@link #take} takes at most per call. */
    int takeBatch();

    @Override
    void close();
}
