package dev.errand.backend.jdbc;

import dev.errand.config.RetentionConfig;
import dev.errand.job.JobState;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes jobs that finished longer ago than their retention ({@code errand.jdbc.retention.succeeded} for
 * succeeded jobs, {@code .failed} for dead and cancelled ones), with their errors and results, so the hot table
 * holds unfinished jobs plus one retention period of history however fast jobs finish.
 *
 * <p>The workers' lease maintenance ({@code recoverExpiredLeases}, every half lease) starts a <em>pass</em> at most
 * once per {@link #EVERY} of the backend's clock, on this backend's own retention thread, so pruning never delays a
 * lease renewal or a timeout. A pass deletes {@link #BATCH} rows per statement, each its own short transaction along
 * the index on (state, finished_at), taking the three finished states in turn, until every state comes back with a
 * short batch or the pass has run for {@link #PASS_LIMIT}. A pass that ran out of time leaves a backlog: the thread
 * rests {@link #PAUSE} and starts another, so a backlog is worked off at several times the rate one worker finishes
 * jobs while the database still gets a moment between passes.
 */
final class Retention implements AutoCloseable {
    /** The shortest time between two passes started by the lease maintenance. */
    static final Duration EVERY = Duration.ofSeconds(10);
    /** Rows per DELETE: large enough to amortise the round trip, small enough to keep each transaction short. */
    static final int BATCH = 2_000;
    /** The longest one pass runs before it rests. */
    static final Duration PASS_LIMIT = Duration.ofSeconds(5);
    /** The rest between two passes while there is a backlog. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    private static final List<JobState> FINISHED = List.of(JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED);
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** What one pass deleted, per state, and whether it stopped on {@link #PASS_LIMIT} with jobs left to delete. */
    record Pass(Map<JobState, Integer> deleted, boolean backlog, long nanos) {
        int total() {
            return deleted.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Database db;
    private final RetentionConfig retention;
    private final Clock clock;
    private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);
    private final Object lock = new Object();
    private Thread thread; // guarded by lock: the retention thread while a pass runs or rests
    private boolean closed; // guarded by lock

    Retention(Database db, RetentionConfig retention, Clock clock) {
        this.db = db;
        this.retention = retention;
        this.clock = clock;
    }

    /** Starts a pass on the retention thread if it is time and none is running; never blocks. */
    void maybePrune(Instant now) {
        Instant due = next.get();
        if (now.isBefore(due) || !next.compareAndSet(due, now.plus(EVERY))) {
            return;
        }
        synchronized (lock) {
            if (closed || thread != null) {
                return;
            }
            thread = new Thread(() -> run(now), "errand-jdbc-retention");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run(Instant first) {
        try {
            Instant now = first;
            while (true) {
                Pass pass = pass(now, PASS_LIMIT);
                if (!pass.backlog() || !rest()) {
                    return;
                }
                now = clock.instant();
            }
        } catch (RuntimeException e) {
            log.warn("could not delete old finished jobs ({}); will try again", retention, e);
        } finally {
            synchronized (lock) {
                thread = null;
                lock.notifyAll();
            }
        }
    }

    /** Waits {@link #PAUSE}; false when the backend closed meanwhile. */
    private boolean rest() {
        synchronized (lock) {
            return awaitLocked(PAUSE, () -> closed) && !closed;
        }
    }

    /** Waits on the lock, which the caller holds, until {@code done} or {@code wait} passed; false when interrupted. */
    private boolean awaitLocked(Duration wait, BooleanSupplier done) {
        long end = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); !done.getAsBoolean() && left > 0; left = end - System.nanoTime()) {
            try {
                lock.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * One pass in the calling thread: deletes, batch after batch, the jobs finished longer than their retention
     * before {@code now}, until every state comes back short or {@code limit} has passed.
     */
    Pass pass(Instant now, Duration limit) {
        long start = System.nanoTime();
        Map<JobState, Integer> deleted = new EnumMap<>(JobState.class);
        List<JobState> left = new ArrayList<>(FINISHED);
        while (!left.isEmpty() && !isClosed()) {
            if (System.nanoTime() - start >= limit.toNanos()) {
                break;
            }
            for (var it = left.iterator(); it.hasNext(); ) {
                JobState state = it.next();
                int n = delete(state, now.minus(retention.of(state)), BATCH);
                deleted.merge(state, n, Integer::sum);
                if (n < BATCH) {
                    it.remove();
                }
            }
        }
        Pass pass = new Pass(deleted, !left.isEmpty(), System.nanoTime() - start);
        if (pass.total() > 0) {
            log.debug(
                    "deleted {} finished jobs in {} ms ({}){}",
                    deleted,
                    pass.nanos() / 1_000_000,
                    retention,
                    pass.backlog() ? "; more are due, continuing after a pause" : "");
        }
        return pass;
    }

    /** Deletes every job that finished before {@code before}, in batches of {@link #BATCH}: an operator's purge. */
    long purge(Instant before) {
        long total = 0;
        for (JobState state : FINISHED) {
            int n;
            do {
                n = delete(state, before, BATCH);
                total += n;
            } while (n == BATCH);
        }
        return total;
    }

    private int delete(JobState state, Instant before, int limit) {
        return db.transaction("delete " + state + " jobs finished before " + before, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().pruneFinished())) {
                ps.setString(1, state.name());
                ps.setLong(2, Micros.of(before));
                ps.setInt(3, limit);
                return ps.executeUpdate();
            }
        });
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops the retention thread after its current batch; waits for it up to {@code wait}. */
    void close(Duration wait) {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            awaitLocked(wait, () -> thread == null);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
