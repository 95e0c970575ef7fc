package dev.errand.testservers;

/**
 * A server of one test's own, on 127.0.0.1, that the test may stop, kill and start again on the
 * same data and port. Every method returns when it is done, or throws. Closing it stops it for good.
 */
public interface KillableServer extends AutoCloseable {
    /** Starts it (again) on the same data and port; returns once it accepts connections; fails loudly otherwise. */
    void start();

    /** Stops it the way an operator does (SIGTERM or a shutdown command): it flushes what it must and exits. */
    void stop() throws Exception;

    /** SIGKILL: no shutdown, nothing flushed; returns when it has exited. */
    void kill() throws Exception;

    @Override
    void close();
}
