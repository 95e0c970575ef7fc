package dev.errand.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Claimed jobs waiting for a job thread, in claim order, and the stop signal. The signal is put back by each thread
 * that takes it, so every job thread sees it.
 */
final class LocalQueue {
    /** Tells a job thread to stop. */
    private static final InFlight STOP = new InFlight(null);

    private final LinkedBlockingQueue<InFlight> queue = new LinkedBlockingQueue<>();
    /** Whether the fetcher's last claim brought all it asked for, so the backend likely has more due now. */
    private volatile boolean backlog;

    void add(InFlight flight) {
        queue.add(flight);
    }

    /** The next job to run, or null when the worker stops. */
    InFlight take() throws InterruptedException {
        return unlessStop(queue.take());
    }

    /** The next job to run if one waits now, else null (also when only the stop signal waits). */
    InFlight poll() {
        return unlessStop(queue.poll());
    }

    /** The job taken, or null for the stop signal, which goes back for the next thread. */
    private InFlight unlessStop(InFlight next) {
        if (next == STOP) {
            queue.add(STOP);
            return null;
        }
        return next;
    }

    /** True when no claimed job waits for a thread (the queue is empty, or holds only the stop signal). */
    boolean nothingWaiting() {
        InFlight next = queue.peek();
        return next == null || next == STOP;
    }

    /** The fetcher's last claim brought all it asked for ({@code true}) or less (the backend had no more due). */
    void lastClaimFull(boolean full) {
        backlog = full;
    }

    /** True when the fetcher's last claim brought all it asked for: more is likely on its way. */
    boolean backlog() {
        return backlog;
    }

    /** Tells every job thread to stop once the jobs ahead of the signal have run. */
    void stop() {
        queue.add(STOP);
    }

    /** Takes out every job still waiting for a thread. */
    List<InFlight> drainWaiting() {
        List<InFlight> drained = new ArrayList<>();
        queue.drainTo(drained);
        drained.removeIf(f -> f == STOP);
        return drained;
    }
}
