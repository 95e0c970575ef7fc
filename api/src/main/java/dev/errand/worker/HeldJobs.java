package dev.errand.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The jobs a worker holds (claimed and not yet recorded: waiting, running, or waiting for the completer) and the room
 * for more: threads + the {@link Prefetch}'s jobs in all, which follows the recent run time of jobs. The fetcher
 * reserves room before it claims and waits here while there is too little; each job handed back, recorded or given up
 * on makes room again, and so does a success handed to the completer, up to a second {@link #maxRoom} of them awaiting
 * their record. A job thread's own batch ({@link Fetcher#claimOwn}) takes its room without waiting and is held as one
 * entry, so a job costs no set update of its own.
 */
final class HeldJobs {
    /** The jobs the fetcher claimed. */
    private final Set<InFlight> held = ConcurrentHashMap.newKeySet();
    /** The job threads' own batches ({@link #holdOwn}) by thread, whose jobs are held until let go. */
    private final Map<Thread, List<InFlight>> ownBatches = new ConcurrentHashMap<>();

    private final int threads;
    private final Prefetch prefetch;
    private final LocalQueue waiting;
    private final BooleanSupplier running;
    /** Guards {@link #taken}; the fetcher waits on it. */
    private final Object lock = new Object();

    /** Room in use: reserved for a claim, or held and not {@link InFlight#awaitingRecord}. */
    private int taken;
    /**
     * How many jobs ran and wait for the completer to record them, whose room was given back when they finished
     * running (at most {@link #maxRoom}; each is marked {@link InFlight#awaitingRecord}); guarded by {@link #lock}.
     */
    private int awaitingRecord;
    /**
     * Whether job threads claim their own batches ({@link Fetcher#claimOwn}): then the fetcher claims only for a job
     * thread that found nothing to claim and waits ({@link #idleThreads}), and blocks in the backend for it.
     */
    private final boolean ownClaims;
    /** Job threads waiting for the fetcher's claims, while {@link #ownClaims}; guarded by {@link #lock}. */
    private int idleThreads;

    HeldJobs(int threads, Prefetch prefetch, LocalQueue waiting, BooleanSupplier running, boolean ownClaims) {
        this.ownClaims = ownClaims;
        this.threads = threads;
        this.prefetch = prefetch;
        this.waiting = waiting;
        this.running = running;
    }

    /** The most room there can be: threads + the batch size. */
    int maxRoom() {
        return threads + prefetch.max();
    }

    /** Room now: the threads, and the jobs that may wait claimed beyond them. */
    private int room() {
        return threads + prefetch.jobs();
    }

    /** Room not in use; 0 while the prefetch shrank below what is held. */
    private int free(int room) {
        return Math.max(0, room - taken);
    }

    /** A claim is made when this much room is free, or sooner when the local queue ran dry. */
    private int refill(int room) {
        return Math.max(1, Math.min(prefetch.max(), room / 2));
    }

    private boolean claimWorthMaking() {
        if (ownClaims && idleThreads == 0) {
            return false; // every job thread claims for itself
        }
        int room = room();
        int free = free(room);
        return free > 0 && (free >= refill(room) || waiting.nothingWaiting());
    }

    /** A job thread waits for the fetcher's claims ({@code true}), or got one or stops ({@code false}). */
    void threadIdle(boolean idle) {
        synchronized (lock) {
            idleThreads += idle ? 1 : -1;
            if (idle) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until a claim is worth making (enough room, or any room while the local queue is empty) and reserves up
     * to a batch; 0 when the worker stops meanwhile.
     */
    int reserve() throws InterruptedException {
        synchronized (lock) {
            while (running.getAsBoolean() && !claimWorthMaking()) {
                lock.wait();
            }
            if (!running.getAsBoolean()) {
                return 0;
            }
            int want = Math.min(free(room()), prefetch.max());
            taken += want;
            return want;
        }
    }

    /** Reserves room for one job if there is any, without waiting: a job thread's own claim ({@link Fetcher#claimNext}). */
    boolean tryReserveOne() {
        return tryReserve(1) == 1;
    }

    /**
     * Reserves room for up to {@code most} jobs without waiting, as much as is free: a job thread's own claim. 0 when
     * none is free or the worker stops.
     */
    int tryReserve(int most) {
        synchronized (lock) {
            if (!running.getAsBoolean()) {
                return 0;
            }
            int want = Math.min(most, free(room()));
            taken += want;
            return want;
        }
    }

    /** Gives back reserved room that no claimed job took. */
    void unreserve(int n) {
        if (n <= 0) {
            return;
        }
        synchronized (lock) {
            taken -= n;
            wakeIfWorthIt();
        }
    }

    /** Wakes the fetcher only when it would act (or a retiring worker would), not on every finished job. */
    private void wakeIfWorthIt() {
        int room = room();
        boolean fetcherClaims = !ownClaims || idleThreads > 0;
        if (taken == 0
                || !running.getAsBoolean()
                || (fetcherClaims && (free(room) >= refill(room) || waiting.nothingWaiting()))) {
            lock.notifyAll();
        }
    }

    /**
     * A job ran and its success waits for the completer: its room is given back now, so the fetcher claims the next
     * batch while the completer records this one instead of after it (on a database, two round trips that overlap).
     * At most {@link #maxRoom} such jobs are held beyond the room, so a backend slow to record still holds the
     * fetcher back. The job stays held (its lease renewed) until {@link #done}.
     */
    void ranToSuccess(InFlight flight) {
        synchronized (lock) {
            if (awaitingRecord < maxRoom() && !flight.awaitingRecord && flight.isHeld()) {
                flight.awaitingRecord = true;
                awaitingRecord++;
                taken--;
                wakeIfWorthIt();
            }
        }
    }

    /** A claimed job is now held. */
    void hold(InFlight flight) {
        held.add(flight);
    }

    /**
     * The calling job thread's own batch is now held, as one entry: its jobs are let go one by one ({@link #done}),
     * and the batch is forgotten once the thread is through with it ({@link #forgetOwn}). A thread has one at a time.
     */
    void holdOwn(List<InFlight> batch) {
        ownBatches.put(Thread.currentThread(), batch);
    }

    /** The jobs of {@code flight}'s own batch after it; none if not found. */
    List<InFlight> ownBatchAfter(InFlight flight) {
        for (List<InFlight> batch : ownBatches.values()) {
            int i = batch.indexOf(flight);
            if (i >= 0) {
                return batch.subList(i + 1, batch.size());
            }
        }
        return List.of();
    }

    /** The jobs of the threads' own batches that no thread started yet: a stopping worker hands them back. */
    List<InFlight> unstartedOwn() {
        List<InFlight> unstarted = new ArrayList<>();
        for (List<InFlight> batch : ownBatches.values()) {
            for (InFlight f : batch) {
                if (!f.isClaimedToRun()) {
                    unstarted.add(f);
                }
            }
        }
        return unstarted;
    }

    /** The calling job thread is through with its own batch: every job of it was let go, or is being recorded. */
    void forgetOwn() {
        ownBatches.remove(Thread.currentThread());
    }

    /** The job is no longer this worker's: recorded, handed back, or given up on at its timeout. Idempotent. */
    void done(InFlight flight) {
        synchronized (lock) {
            letGo(flight);
        }
    }

    /** {@link #done} for many jobs, under one lock: a recorded batch. */
    void doneAll(List<InFlight> flights) {
        synchronized (lock) {
            for (InFlight flight : flights) {
                letGo(flight);
            }
        }
    }

    /** Holds the lock. */
    private void letGo(InFlight flight) {
        if (!flight.letGo()) {
            return;
        }
        if (!flight.own) {
            held.remove(flight);
        }
        if (flight.awaitingRecord) {
            flight.awaitingRecord = false;
            if (--awaitingRecord == 0) {
                lock.notifyAll(); // a stopping worker may wait for the last record
            }
            return;
        }
        taken--;
        wakeIfWorthIt();
    }

    boolean holds(InFlight flight) {
        return flight.isHeld();
    }

    /** The held jobs as they change, for a look at each without a copy (the watchdog's every tick). */
    Iterable<InFlight> live() {
        return () -> Stream.concat(
                        held.stream(),
                        ownBatches.values().stream().flatMap(List::stream).filter(InFlight::isHeld))
                .iterator();
    }

    List<InFlight> snapshot() {
        List<InFlight> all = new ArrayList<>();
        live().forEach(all::add);
        return all;
    }

    int size() {
        return snapshot().size();
    }

    /** Wakes a fetcher waiting for room, to top the local queue up or to notice the worker is stopping. */
    void wakeFetcher() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits about {@code wait}, or less when the worker stops: a fetcher whose every queue is paused. */
    void idle(java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            long left = wait.toNanos();
            while (running.getAsBoolean() && left > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
                left = deadline - System.nanoTime();
            }
        }
    }

    /** Waits until the worker holds no job, or stops running. */
    void awaitNoneHeld() throws InterruptedException {
        synchronized (lock) {
            while ((taken > 0 || awaitingRecord > 0) && running.getAsBoolean()) {
                lock.wait();
            }
        }
    }
}
