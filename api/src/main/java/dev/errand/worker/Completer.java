package dev.errand.worker;

import dev.errand.config.Durations;
import dev.errand.spi.Backend;
import dev.errand.spi.Completion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the successes of a worker's job threads in batches: one {@link Backend#completeAll}
 * call for everything that finished within a short linger, or at once when a batch is full or a
 * job thread has nothing else to run ({@link #flushNow()}, recorded by that thread), so a lone
 * {@code call()} does not wait for the linger. A backend that is briefly unreachable is retried with backoff for up to
 * one lease period, as single completions always were. The listener hears of every completion
 * after the backend recorded it (or gave up: {@code held == null}).
 */
final class Completer implements Successes {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** Told, on the recording thread, what became of the completions handed to {@link #add}, a batch at a time. */
    @FunctionalInterface
    interface Listener {
        /** @param held whether each lease was still held, in order; null when the backend could not record them */
        void recorded(List<InFlight> flights, List<Boolean> held);
    }

    /** A success waiting for its record. */
    record Pending(InFlight flight, byte[] result) {}

    /** A record call that takes longer is a round trip to a server, not an in-process call. */
    private static final long SLOW_RECORD_NANOS = 50_000;

    private final Backend backend;
    private final Duration lease;
    private final int maxBatch;
    private final long lingerNanos;
    private final Listener listener;
    /** True when no claimed job waits for a job thread. */
    private final BooleanSupplier nothingToRun;
    /** True when the last claim brought all it asked for, so more jobs are likely on their way. */
    private final BooleanSupplier backlog;
    /** How long recent backend calls took to record a batch (a moving average), in nanoseconds. */
    private volatile long recordNanos;

    private final Object lock = new Object();
    private ArrayList<Pending> pending = new ArrayList<>();
    private boolean closed;
    private final Thread thread;

    Completer(
            Backend backend,
            String threadName,
            Duration lease,
            int maxBatch,
            Duration linger,
            BooleanSupplier nothingToRun,
            BooleanSupplier backlog,
            Listener listener) {
        this.backend = backend;
        this.lease = lease;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.listener = listener;
        this.nothingToRun = nothingToRun;
        this.backlog = backlog;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues a success for recording. When the job threads have nothing else to run (or after {@link #close()}),
     * records it in the calling thread at once, with whatever else is pending: waking the completer would only
     * add a hand-off to a lone job's latency.
     */
    @Override
    public void add(InFlight flight, byte[] result) {
        List<Pending> batch;
        synchronized (lock) {
            if (!closed && !recordsInline()) {
                pending.add(new Pending(flight, result));
                flight.successQueued = true;
                if (pending.size() == 1 || pending.size() >= maxBatch) {
                    lock.notifyAll();
                }
                return;
            }
            pending.add(new Pending(flight, result));
            flight.successQueued = true;
            batch = take();
        }
        record(batch);
    }

    /**
     * True when a job thread that ran a success should record it (and whatever else is pending) itself, at once: it has
     * nothing else to run, and either no backlog waits in the backend or recording is cheap (an in-process backend).
     * While a backlog drains from a backend that takes a round trip to record, its successes go to the completer's
     * thread in batches instead, and the job thread goes back for its next job, which is on its way.
     */
    boolean recordsInline() {
        return nothingToRun.getAsBoolean() && (!backlog.getAsBoolean() || recordNanos < SLOW_RECORD_NANOS);
    }

    /**
     * Records what is pending now, in the calling thread, without waiting for the linger: a job
     * thread that found nothing else to run does it, so a lone job's outcome is not delayed by a
     * hand-off to the completer's thread.
     */
    void flushNow() {
        List<Pending> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            batch = take();
        }
        record(batch);
    }

    /**
     * Records everything pending, then stops the thread; later additions are recorded by their caller. Returns once
     * every success handed over before the call was recorded (or given up on), whatever became of the thread.
     */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(lease.toMillis() + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn(
                    "the completer thread {} did not stop within {}; recording what it left in the closing thread",
                    thread.getName(),
                    Durations.format(lease.plusSeconds(5)));
        }
        flushNow(); // what a thread that died or hung left pending; a no-op after a clean stop
    }

    private void loop() {
        while (true) {
            List<Pending> batch;
            synchronized (lock) {
                try {
                    while (pending.isEmpty() && !closed) {
                        lock.wait();
                    }
                    long deadline = System.nanoTime() + lingerNanos;
                    long left;
                    while (!closed && pending.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                } catch (InterruptedException e) {
                    closed = true; // record what is pending, then stop
                }
                if (pending.isEmpty()) {
                    if (closed) {
                        return; // closed and flushed
                    }
                    continue; // a job thread took the batch during the linger (flushNow): wait for the next one
                }
                batch = take();
            }
            try {
                record(batch);
            } catch (RuntimeException | Error e) {
                // record() let go of the batch: its jobs run again once their leases expire; later ones still record
                log.error("worker's completer could not record {} successes; going on with the next", batch.size(), e);
            }
        }
    }

    /** Takes up to a batch of the pending completions; holds the lock. */
    private List<Pending> take() {
        List<Pending> batch;
        if (pending.size() <= maxBatch) {
            batch = pending;
            pending = new ArrayList<>();
        } else {
            List<Pending> head = pending.subList(0, maxBatch);
            batch = new ArrayList<>(head);
            head.clear();
        }
        return batch;
    }

    /**
     * Records these successes in the calling thread, in one backend call, and tells the listener: the completer's
     * batches, and a job thread's own ({@link OwnBatches}).
     */
    void record(List<Pending> batch) {
        List<InFlight> flights = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            flights.add(p.flight);
        }
        List<Boolean> held = null;
        try {
            List<Completion> completions = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                completions.add(new Completion(p.flight.job.lease(), p.result));
            }
            long start = System.nanoTime();
            held = recordWithRetry(completions);
            recordNanos = (recordNanos * 7 + (System.nanoTime() - start)) / 8; // racy updates only blur the average
        } finally {
            // Also when recording threw (an Error): the batch is let go, as when the backend could not record it, so
            // that its jobs' leases expire and they run again instead of staying claimed.
            try {
                listener.recorded(flights, held);
            } catch (RuntimeException e) {
                log.error(
                        "worker bookkeeping failed after recording {} jobs (first id {})",
                        flights.size(),
                        flights.get(0).job.id(),
                        e);
            }
        }
    }

    /** The held flags in input order, or null when the backend could not record the batch for a whole lease period. */
    private List<Boolean> recordWithRetry(List<Completion> completions) {
        return BackendRetry.withinLease(
                lease,
                () -> completions.size() + " succeeded jobs (first id "
                        + completions.get(0).lease().id() + ") in the " + backend.name() + " backend",
                () -> {
                    List<Boolean> held = backend.completeAll(completions);
                    if (held.size() != completions.size()) {
                        throw new IllegalStateException("the " + backend.name() + " backend answered " + held.size()
                                + " flags for " + completions.size() + " completions");
                    }
                    return held;
                });
    }
}
