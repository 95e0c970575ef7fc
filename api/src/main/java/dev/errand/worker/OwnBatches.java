package dev.errand.worker;

import dev.errand.worker.Completer.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job threads' own batches, on an {@link dev.errand.spi.Backend#inProcess} backend, where a claim or a record costs
 * no round trip: each thread claims a batch ({@link Fetcher#claimOwn}), runs it and records its successes itself, in
 * one call when the batch ends. So that a job of a batch that runs long holds nothing else back, a watch thread looks
 * at every thread's batch each linger while something waits in one: it records the successes that waited a linger,
 * and hands back to the queue the jobs waiting behind a job that has run longer than the prefetch window, for an idle
 * thread or another worker to run.
 */
final class OwnBatches {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Completer completer;
    private final HandBack handBack;
    private final HeldJobs held;
    private final String workerId;
    private final long lingerNanos;
    /** How long the jobs behind a running one may wait for it: the prefetch window. */
    private final long waitNanos;

    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** True while something waits in a slot: the watch thread then looks every linger. Written under the lock. */
    private volatile boolean watching;

    private boolean closed;
    private final Thread thread;

    OwnBatches(
            Completer completer,
            HandBack handBack,
            HeldJobs held,
            String workerId,
            String threadName,
            Duration linger,
            Duration wait) {
        this.completer = completer;
        this.handBack = handBack;
        this.held = held;
        this.workerId = workerId;
        this.lingerNanos = linger.toNanos();
        this.waitNanos = wait.toNanos();
        this.thread = new Thread(this::watch, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A job thread's slot: its batch and its successes. Closed when the thread ends. */
    Slot slot() {
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** Stops the watch thread and records what the slots still hold (threads that hung). */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.forEach(Slot::flush);
    }

    /** One job thread's batch in progress and the successes it ran, not yet recorded. */
    final class Slot implements Successes {
        private volatile List<InFlight> batch;
        /** The index in {@link #batch} of the job that runs now, -1 before the first. */
        private volatile int running = -1;
        /** When the thread turned to that job ({@link System#nanoTime()}): before it starts, interceptors included. */
        private volatile long runningSince;

        private ArrayList<Pending> pending = new ArrayList<>();
        private long oldestNanos;

        /** The thread begins a batch it claimed and holds ({@link HeldJobs#holdOwn}). */
        void begin(List<InFlight> claimed) {
            running = -1;
            batch = claimed;
        }

        /** The thread is about to run the job at {@code index} of its batch. */
        void running(int index) {
            runningSince = System.nanoTime();
            running = index;
            if (index + 1 < batch.size() && !watching) {
                startWatching(); // jobs wait behind this one
            }
        }

        @Override
        public void add(InFlight flight, byte[] result) {
            boolean first;
            synchronized (this) {
                first = pending.isEmpty();
                if (first) {
                    oldestNanos = System.nanoTime();
                }
                pending.add(new Pending(flight, result));
                flight.successQueued = true;
            }
            if (first && !watching) {
                startWatching();
            }
        }

        /** The thread is through with its batch: records its successes and forgets the batch. */
        void end() {
            flush();
            batch = null;
            held.forgetOwn();
        }

        /** The thread ends. */
        void close() {
            slots.remove(this);
            flush();
        }

        void flush() {
            List<Pending> all = takePending();
            if (!all.isEmpty()) {
                completer.record(all);
            }
        }

        private synchronized List<Pending> takePending() {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<Pending> all = pending;
            pending = new ArrayList<>();
            return all;
        }

        /** On the watch thread: records what waited a linger, hands back what waits behind a long job. */
        private void look(long now) {
            if (lingered(now)) {
                flush();
            }
            handBackBehindALongJob(now);
        }

        /** Whether the oldest success waited a linger at {@code now}. */
        private synchronized boolean lingered(long now) {
            return !pending.isEmpty() && now - oldestNanos >= lingerNanos;
        }

        /** Hands back the jobs waiting behind one the thread turned to a prefetch window ago or more. */
        private void handBackBehindALongJob(long now) {
            List<InFlight> waiting = waitingBehind();
            if (!waiting.isEmpty() && now - runningSince >= waitNanos) {
                InFlight slow = waiting.get(0);
                int handedBack = handBack.handBack(waiting.subList(1, waiting.size()));
                if (handedBack > 0) {
                    log.debug(
                            "worker {} handed back {} jobs waiting behind job {} (id {}), which runs longer than "
                                    + "errand.worker.prefetch; another thread or worker runs them",
                            workerId,
                            handedBack,
                            slow.job.name(),
                            slow.job.id());
                }
            }
        }

        /**
         * The job the thread turned to, followed by the jobs behind it, while that job has not ended (started or not)
         * and the last of the batch was not taken yet; else empty.
         */
        private List<InFlight> waitingBehind() {
            List<InFlight> b = batch;
            int i = running;
            if (b == null || i < 0 || i + 1 >= b.size() || b.get(b.size() - 1).isClaimedToRun()) {
                return List.of();
            }
            InFlight current = b.get(i);
            return current.isSettled() ? List.of() : b.subList(i, b.size());
        }

        /** Whether the watch thread must keep looking at this slot. */
        private synchronized boolean somethingWaits() {
            return !pending.isEmpty() || !waitingBehind().isEmpty();
        }
    }

    private void startWatching() {
        synchronized (lock) {
            if (!watching) {
                watching = true;
                lock.notifyAll();
            }
        }
    }

    /** Waits a second, or until closed, so that a failure that repeats is not logged a thousand times a second. */
    private void pauseAfterFailure() {
        synchronized (lock) {
            try {
                if (!closed) {
                    lock.wait(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        while (true) {
            synchronized (lock) {
                try {
                    while (!watching && !closed) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, lingerNanos);
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                lookAtEverySlot();
            } catch (RuntimeException | Error e) {
                log.error(
                        "worker {} could not look at its job threads' batches; looking again in a second", workerId, e);
                pauseAfterFailure();
            }
        }
    }

    /**
     * Looks at every slot; stops watching once nothing waits in any. Stops (under the lock) before it looks for the
     * last time, so a slot that gets something meanwhile starts it again.
     */
    private void lookAtEverySlot() {
        long now = System.nanoTime();
        boolean somethingWaits = false;
        for (Slot slot : slots) {
            slot.look(now);
            somethingWaits |= slot.somethingWaits();
        }
        if (somethingWaits) {
            return;
        }
        synchronized (lock) {
            watching = false;
        }
        for (Slot slot : slots) {
            if (slot.somethingWaits()) {
                startWatching();
                return;
            }
        }
    }
}
