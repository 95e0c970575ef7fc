package dev.errand.worker;

import dev.errand.spi.ClaimedJob;
import dev.errand.worker.TimingLog.Status;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run claimed jobs, one attempt at a time, until told to stop. A success goes to the completer; a
 * failure is recorded by the thread itself. On an {@link dev.errand.spi.Backend#inProcess} backend a thread claims a
 * batch of its own, runs it and records its successes itself in one call, with no hand-off to another thread; it
 * waits for the fetcher's claims only when it found nothing to claim. On a backend that
 * {@link dev.errand.spi.Backend#claimsNext}, a thread that ran a job to success first asks it for its next job and
 * runs that without going through the local queue. A thread whose job timed out ends once the job gives up, and the
 * watchdog starts another in its place.
 */
final class JobThreads {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final HandBack handBack;
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
    /** A batch for a job thread alone ({@link Fetcher#claimOwn}); null when the fetcher alone claims batches. */
    private final Supplier<List<InFlight>> claimOwn;
    /** The threads' own batches, with {@link #claimOwn}; else null. */
    private final OwnBatches ownBatches;

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong number = new AtomicLong();

    JobThreads(
            WorkerSettings settings,
            HandBack handBack,
            AttemptRunner runner,
            Completer completer,
            HeldJobs held,
            Prefetch prefetch,
            LocalQueue waiting,
            WorkerCounters counters,
            BooleanSupplier stopping,
            Function<ClaimedJob, InFlight> claimNext,
            Supplier<List<InFlight>> claimOwn,
            OwnBatches ownBatches) {
        this.settings = settings;
        this.handBack = handBack;
        this.runner = runner;
        this.completer = completer;
        this.held = held;
        this.prefetch = prefetch;
        this.waiting = waiting;
        this.counters = counters;
        this.stopping = stopping;
        this.claimNext = claimNext;
        this.claimOwn = claimOwn;
        this.ownBatches = ownBatches;
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

    private void loop() {
        OwnBatches.Slot slot = ownBatches == null ? null : ownBatches.slot();
        try {
            InFlight next = null;
            while (true) {
                InFlight flight = next;
                next = null;
                if (flight == null && slot != null) {
                    flight = waiting.poll(); // what the fetcher claimed goes first
                    if (flight == null) {
                        List<InFlight> batch = claimOwn.get();
                        if (!batch.isEmpty()) {
                            if (!runOwn(batch, slot)) {
                                return; // a job timed out: the watchdog started another thread in this one's place
                            }
                            continue;
                        }
                    }
                }
                if (flight == null) {
                    try {
                        flight = takeWaiting();
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
                Status status = runOne(flight, completer);
                if (flight.timedOutHere()) {
                    return; // the watchdog started another thread in this one's place
                }
                if (status == Status.ok && claimNext != null) {
                    next = claimNext.apply(flight.job); // no hand-off from the fetcher to this thread
                }
            }
        } finally {
            if (slot != null) {
                slot.close();
            }
            threads.remove(Thread.currentThread());
        }
    }

    /** The next job the fetcher claimed, waiting for one; null when the worker stops. */
    private InFlight takeWaiting() throws InterruptedException {
        if (claimOwn == null) {
            return waiting.take();
        }
        held.threadIdle(true); // the fetcher claims for idle threads only
        try {
            return waiting.take();
        } finally {
            held.threadIdle(false);
        }
    }

    /**
     * Runs a batch this thread claimed for itself, skipping the jobs another thread handed back meanwhile, and records
     * its successes in one call when the batch ends. Hands back the jobs it did not start when the worker stops, a job
     * timed out (false: this thread must end) or the thread fails.
     */
    private boolean runOwn(List<InFlight> batch, OwnBatches.Slot slot) {
        slot.begin(batch);
        boolean through = false;
        try {
            for (int i = 0; i < batch.size(); i++) {
                if (stopping.getAsBoolean()) {
                    handBack.handBack(batch.subList(i, batch.size()));
                    through = true;
                    return true;
                }
                InFlight flight = batch.get(i);
                slot.running(i);
                runOne(flight, slot);
                if (flight.timedOutHere()) {
                    handBack.handBack(batch.subList(i + 1, batch.size())); // unless the watchdog did
                    through = true;
                    return false;
                }
            }
            through = true;
            return true;
        } finally {
            if (!through) {
                handBack.handBack(batch); // an Error: what this thread did not start goes back to the queue
            }
            slot.end();
        }
    }

    /** How the attempt ended (null when it was handed back or reported elsewhere). */
    private Status runOne(InFlight flight, Successes successes) {
        Status status = null;
        try {
            if (stopping.getAsBoolean() && handBack.handBack(List.of(flight)) > 0) {
                return null;
            }
            if (!flight.claimToRun()) {
                return null; // handed back by another thread: a stop, or a job before it in its batch ran long
            }
            status = runner.run(flight, successes);
            if (status != null) {
                prefetch.ran(System.nanoTime() - flight.startedNanos);
            }
            if (status == Status.ok && successes != completer) {
                return status; // recorded with the thread's own batch, which then lets go of it
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
        } catch (RuntimeException | Error e) {
            status = reportWorkerFailure(flight, e);
        }
        return status;
    }

    /**
     * A backstop for what {@link AttemptRunner#run} threw: reports the attempt failed with it unless it was reported
     * already, and lets go of the job unless its success waits to be recorded (the record lets go of it then), so that
     * no job stays claimed and this thread goes on.
     */
    private Status reportWorkerFailure(InFlight flight, Throwable failure) {
        Status status = null;
        try {
            status = runner.reportFailure(flight, failure);
        } catch (RuntimeException | Error again) {
            if (again != failure) {
                failure.addSuppressed(again);
            }
        }
        boolean successWaitsForRecord = status == null && flight.successQueued;
        if (status != null) {
            counters.count(status);
        }
        if (!successWaitsForRecord) {
            held.done(flight);
        }
        log.error(
                "worker {} failed around job {} (id {}) attempt {}: {}; {}",
                settings.id(),
                flight.job.name(),
                flight.job.id(),
                flight.job.attempt(),
                failure.toString(),
                status != null
                        ? "the attempt is reported as failed with this error"
                        : successWaitsForRecord
                                ? "its success waits for its record as usual"
                                : "the outcome reported before stands, or if none was, its lease expires and it runs"
                                        + " again",
                failure);
        return status;
    }
}
