package dev.errand.spi;

/** Optional abilities of a backend; the contract suite tests a capability only where it is declared. */
public enum Capability {
    /** Jobs survive a restart of the process (and of the server, within its durability settings). */
    DURABLE,
    /** Several processes can share the queue: producers and workers on different JVMs. */
    SHARED,
    /** Enqueue can join the caller's {@code java.sql.Connection} transaction. */
    TRANSACTIONAL_ENQUEUE
}
