package dev.errand.worker;

import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.worker.TimingLog.Status;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run claimed jobs from the local queue, one attempt at a time, until told to stop. A success goes
 * to the completer; a failure is recorded by the thread itself. On a backend that {@link Backend#claimsNext}, a thread
 * that ran a job to success first asks it for its next job and runs that without going through the local queue. A
 * thread whose job timed out ends once the job gives up, and the watchdog starts another in its place.
 */
final class JobThreads {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final Backend backend;
    private final AttemptRunner runner;
    private final Completer completer;
    private final HeldJobs held;
    /** Told each attempt's run time, to size the claims. */
    private final Prefetch prefetch;

    private final LocalQueue waiting;
    private final WorkerCounters counters;
    private final BooleanSupplier stopping;
    /** A job thread's own claim after a success ({@link Fetcher#claimNext}); null when the fetcher alone claims. */
    private final Function<ClaimedJob, InFlight> claimNext;

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong number = new AtomicLong();

    JobThreads(
            WorkerSettings settings,
            Backend backend,
            AttemptRunner runner,
            Completer completer,
            HeldJobs held,
            Prefetch prefetch,
            LocalQueue waiting,
            WorkerCounters counters,
            BooleanSupplier stopping,
            Function<ClaimedJob, InFlight> claimNext) {
        this.settings = settings;
        this.backend = backend;
        this.runner = runner;
        this.completer = completer;
        this.held = held;
        this.prefetch = prefetch;
        this.waiting = waiting;
        this.counters = counters;
        this.stopping = stopping;
        this.claimNext = claimNext;
    }

    void start(int n) {
        for (int i = 0; i < n; i++) {
            startOne();
        }
    }

    void startOne() {
        Thread t = new Thread(this::loop, "errand-job-" + settings.name() + "-" + number.incrementAndGet());
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** True when every job thread ended before the deadline. */
    boolean join(long deadlineNanos) throws InterruptedException {
        for (Thread t : List.copyOf(threads)) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        return threads.isEmpty();
    }

    void interruptAll() {
        threads.forEach(Thread::interrupt);
    }

    private void loop() {
        try {
            InFlight next = null;
            while (true) {
                InFlight flight = next;
                next = null;
                if (flight == null) {
                    try {
                        flight = waiting.take();
                    } catch (InterruptedException e) {
                        if (!stopping.getAsBoolean()) {
                            continue; // a late timeout interrupt; this thread is idle
                        }
                        return;
                    }
                    if (flight == null) {
                        return; // told to stop
                    }
                    if (waiting.nothingWaiting()) {
                        held.wakeFetcher();
                    }
                }
                Status status = runOne(flight);
                if (flight.settledElsewhere()) {
                    return; // it timed out: the watchdog started another thread in this one's place
                }
                if (status == Status.ok && claimNext != null) {
                    next = claimNext.apply(flight.job); // no hand-off from the fetcher to this thread
                }
            }
        } finally {
            threads.remove(Thread.currentThread());
        }
    }

    /** How the attempt ended (null when it was handed back or reported elsewhere). */
    private Status runOne(InFlight flight) {
        Status status = null;
        try {
            if (stopping.getAsBoolean() && flight.settle()) {
                backend.release(List.of(flight.job.lease()));
                held.done(flight);
                return null;
            }
            status = runner.run(flight, stopping.getAsBoolean(), completer);
            if (status != null) {
                prefetch.ran(System.nanoTime() - flight.startedNanos);
            }
            if (status == Status.ok) {
                // The completer records it, counts it and lets go of it; its room is free for the next claim now.
                held.ranToSuccess(flight);
                if (completer.recordsInline()) {
                    completer.flushNow();
                }
                return status;
            }
            counters.count(status);
            held.done(flight);
        } catch (RuntimeException e) {
            log.error(
                    "worker {} could not hand back job {} (id {}); its lease will expire and it will run again",
                    settings.id(),
                    flight.job.name(),
                    flight.job.id(),
                    e);
            held.done(flight);
        }
        return status;
    }
}
