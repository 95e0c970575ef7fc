package dev.errand.spi;

/**
 * Optional abilities of a backend. The contract suite ({@code dev.errand.testkit.CapabilityContract})
 * tests each where it is declared and has no tests for one that is not; a backend that declares one must give
 * the suite what it needs to test it.
 */
public enum Capability {
    /** Jobs survive a restart of the process (and of the server, within its durability settings). */
    DURABLE,
    /** Several processes can share the queue: producers and workers on different JVMs. */
    SHARED,
    /** Enqueue can join the caller's {@code java.sql.Connection} transaction. */
    TRANSACTIONAL_ENQUEUE
}
