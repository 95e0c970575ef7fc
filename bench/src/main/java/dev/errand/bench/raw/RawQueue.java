package dev.errand.bench.raw;

/**
 * A plain queue on the same server as the backend under test, with none of Errand's guarantees
 * (no leases, no outcomes, no retries, no timing log): the ceiling an Errand figure is read
 * against. Measured in the same run as Errand, so the ratio between the two holds on a machine
 * whose speed varies from run to run.
 */
public interface RawQueue extends AutoCloseable {

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
