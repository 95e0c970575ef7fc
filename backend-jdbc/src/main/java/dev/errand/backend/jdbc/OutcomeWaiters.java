package dev.errand.backend.jdbc;

import dev.errand.job.JobId;
import dev.errand.spi.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Futures of {@code outcome(id)} for unfinished jobs, settled by one poller thread per backend
 * that checks all pending ids in one query per tick; never a thread or a query per future. The
 * tick is adaptive: {@code minInterval} right after a registration, a finished job or a
 * {@link #nudge()}, doubling while nothing finishes up to {@code maxInterval}. On PostgreSQL
 * every {@code NOTIFY} of a finished job nudges the poller and the ticks are only a safety net, except while the
 * LISTEN session holds notifications back: then it looks every {@link PgListener#HELD_BACK_AFTER} while someone waits.
 */
final class OutcomeWaiters {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiters.class);
    /** Ids per query, to keep statements small however many callers wait. */
    private static final int CHUNK = 1000;

    private final JobReader reader;
    private final long minNanos;
    private final long maxNanos;
    private final Map<Long, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private boolean nudged;
    /** A future was registered: poll at the shortest interval again, without checking at once. */
    private boolean fresh;

    private boolean closed;
    private Thread poller;

    /**
     * Tells the store that someone awaits the job, before the first look at it (PostgreSQL announces only awaited
     * jobs' ends); does nothing where the poller alone settles futures.
     */
    private final LongConsumer awaiting;
    /**
     * Called whenever a future is left waiting, before the poller is told of it: the PostgreSQL backend then opens its
     * LISTEN session, whose first connect nudges the poller, so an end announced before it listened is still looked up.
     */
    private final Runnable waiting;
    /**
     * True while the LISTEN session holds notifications back ({@link PgListener#holdingBack()}); null where no
     * notifications nudge the poller. Meanwhile it looks every {@link PgListener#HELD_BACK_AFTER} while someone waits.
     */
    private final BooleanSupplier heldBack;

    OutcomeWaiters(
            JobReader reader,
            Duration minInterval,
            Duration maxInterval,
            LongConsumer awaiting,
            Runnable waiting,
            BooleanSupplier heldBack) {
        this.reader = reader;
        this.awaiting = awaiting;
        this.waiting = waiting;
        this.heldBack = heldBack;
        this.minNanos = minInterval.toNanos();
        this.maxNanos = Math.max(minNanos, maxInterval.toNanos());
    }

    /** A future of the job's outcome; each caller gets its own copy, so cancelling one leaves the others. */
    CompletableFuture<Outcome> outcome(JobId id, String backendDescription) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return CompletableFuture.failedFuture(unknown(id, backendDescription));
        }
        // Register first, then mark it awaited, then look: a job finishing before the mark is seen by the look, one
        // finishing after it is announced, and the poller sees either.
        boolean[] registered = {false};
        CompletableFuture<Outcome> master = pending.computeIfAbsent(key, k -> {
            registered[0] = true;
            return new CompletableFuture<>();
        });
        if (registered[0]) {
            markAwaited(key);
        }
        Outcome done = lookUp(key);
        if (done == null && !reader.exists(key)) {
            // A second look: embedded H2 once answered "no such row" for a job that other transactions were finishing
            // (EmbeddedH2CrashTest, 1 run in 4); only a job missing both times is unknown.
            done = lookUp(key);
            if (done == null && !reader.exists(key)) {
                pending.remove(key, master);
                master.completeExceptionally(unknown(id, backendDescription));
                return master.copy();
            }
        }
        if (done != null) {
            settle(key, done);
        } else {
            watch();
        }
        return master.copy();
    }

    /** The job's outcome if it finished, else null. */
    private Outcome lookUp(long key) {
        return reader.finished(new long[] {key}).get(key);
    }

    /**
     * Expects the outcome of a job stored as awaited ({@code submit}): the caller's {@link #outcome} then finds it
     * registered and marks nothing.
     */
    void expect(JobId id) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return;
        }
        pending.computeIfAbsent(key, k -> new CompletableFuture<>());
        watch();
    }

    /**
     * A future was left waiting: tells the backend (which then listens), starts the poller if it is not running, and
     * has it poll at the shortest interval again.
     */
    private void watch() {
        waiting.run();
        startPoller();
        synchronized (lock) {
            fresh = true;
            lock.notifyAll();
        }
    }

    /** A failed mark costs only promptness: the poller still settles the future at its next tick. */
    private void markAwaited(long key) {
        try {
            awaiting.accept(key);
        } catch (RuntimeException e) {
            log.warn(
                    "could not mark job {} as awaited, so its end may not be announced; its outcome is polled for "
                            + "instead: {}",
                    key,
                    e.toString());
        }
    }

    private static NoSuchElementException unknown(JobId id, String backendDescription) {
        return new NoSuchElementException("no job " + id + " in the " + backendDescription
                + ": it never existed there, or " + "it finished longer ago than its retention ("
                + JdbcSettings.RETENTION + ".succeeded or .failed) and was deleted");
    }

    /** Makes the poller check now (a job finished). */
    void nudge() {
        synchronized (lock) {
            nudged = true;
            lock.notifyAll();
        }
    }

    int pendingCount() {
        return pending.size();
    }

    void close(String reason) {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        for (Long id : List.copyOf(pending.keySet())) {
            CompletableFuture<Outcome> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(reason + " before job " + id + " finished; the job "
                        + "itself is still in the database: await it again with a new backend"));
            }
        }
    }

    /** A job an operator deleted: this process's callers waiting for its outcome learn it is gone. */
    void deleted(JobId id) {
        CompletableFuture<Outcome> f = pending.remove(JobIds.parse(id));
        if (f != null) {
            f.completeExceptionally(new NoSuchElementException("job " + id + " was deleted by an operator"));
        }
    }

    private void settle(long id, Outcome outcome) {
        CompletableFuture<Outcome> f = pending.remove(id);
        if (f != null) {
            f.complete(outcome);
        }
    }

    private synchronized void startPoller() {
        if (poller == null) {
            poller = new Thread(this::poll, "errand-jdbc-outcomes");
            poller.setDaemon(true);
            poller.start();
        }
    }

    private void poll() {
        long interval = minNanos;
        long lastLook = System.nanoTime();
        boolean lookFailed = false;
        while (true) {
            synchronized (lock) {
                long deadline = System.nanoTime() + interval;
                while (!nudged && !closed) {
                    if (fresh) {
                        fresh = false;
                        interval = minNanos;
                        deadline = Math.min(deadline, System.nanoTime() + interval);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    boolean mayLookEarly = heldBack != null && !pending.isEmpty() && !lookFailed;
                    long step = mayLookEarly ? Math.min(left, PgListener.HELD_BACK_AFTER.toNanos()) : left;
                    try {
                        lock.wait(Math.max(1, step / 1_000_000), 0);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (mayLookEarly
                            && System.nanoTime() - lastLook >= PgListener.HELD_BACK_AFTER.toNanos()
                            && heldBack.getAsBoolean()) {
                        break; // the ends that would nudge it are held back: look now
                    }
                }
                if (closed) {
                    return;
                }
                if (nudged) {
                    interval = minNanos;
                }
                nudged = false;
            }
            if (pending.isEmpty()) {
                interval = maxNanos;
                continue;
            }
            lastLook = System.nanoTime();
            lookFailed = false;
            try {
                int settled = checkAll();
                interval = settled > 0 ? minNanos : Math.min(maxNanos, interval * 2);
            } catch (RuntimeException e) {
                log.warn("could not check the outcomes of {} waiting jobs; trying again", pending.size(), e);
                interval = maxNanos;
                lookFailed = true;
            }
        }
    }

    private int checkAll() {
        List<Long> ids = new ArrayList<>(pending.keySet());
        int settled = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            long[] keys = chunk.stream().mapToLong(Long::longValue).toArray();
            for (Map.Entry<Long, Outcome> e : reader.finished(keys).entrySet()) {
                settle(e.getKey(), e.getValue());
                settled++;
            }
        }
        return settled;
    }
}
