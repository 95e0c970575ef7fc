package dev.errand.worker;

import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the local queue filled: claims whole batches in one backend call whenever there is room (as many claimed jobs
 * wait beyond the running ones as the {@link Prefetch} allows, so job threads go from one job to the next without a
 * round trip), and blocks in the backend until work arrives when nothing is due; a claim that found nothing makes the
 * prefetch learn afresh. Skips the queues an operator paused
 * ({@link PausedQueues}). Runs on its own thread.
 */
final class Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** The longest a fetcher blocks in the backend before it looks again, also when no wake-up came. */
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(5);

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final Backend backend;
    private final WorkerSettings settings;
    private final HeldJobs held;
    private final LocalQueue waiting;
    private final WorkerCounters counters;
    private final BooleanSupplier running;
    private final PausedQueues paused;
    private final Prefetch prefetch;
    private final HandBack handBack;
    /** The queues of the fetcher's last claim, for the job threads' own claims ({@link #claimNext}); null before it. */
    private volatile Set<String> lastQueues;

    Fetcher(
            Backend backend,
            WorkerSettings settings,
            HeldJobs held,
            Prefetch prefetch,
            LocalQueue waiting,
            WorkerCounters counters,
            HandBack handBack,
            BooleanSupplier running) {
        this.backend = backend;
        this.handBack = handBack;
        this.settings = settings;
        this.held = held;
        this.prefetch = prefetch;
        this.waiting = waiting;
        this.counters = counters;
        this.running = running;
        this.paused = new PausedQueues(backend, settings.queues(), System::nanoTime);
    }

    /**
     * Claims until the worker stops running (returns false) or has claimed its {@link WorkerBuilder#maxJobs} (returns
     * true); also returns false when interrupted.
     */
    boolean run() {
        while (running.getAsBoolean()) {
            int reserved = 0;
            try {
                if (limitReached()) {
                    return true;
                }
                reserved = held.reserve();
                if (reserved == 0) {
                    continue; // stopping
                }
                int want = withinLimit(reserved);
                Set<String> queues = paused.active();
                lastQueues = queues;
                List<ClaimedJob> claimed = List.of();
                if (running.getAsBoolean() && want > 0 && !queues.isEmpty()) {
                    claimed = backend.claim(queues, want, settings.id(), settings.lease());
                    counters.claimed(claimed.size());
                    waiting.lastClaimFull(claimed.size() == want);
                }
                held.unreserve(reserved - claimed.size());
                reserved = 0;
                List<InFlight> flights = new ArrayList<>(claimed.size());
                for (ClaimedJob job : claimed) {
                    InFlight flight = new InFlight(job);
                    held.hold(flight);
                    waiting.add(flight);
                    flights.add(flight);
                }
                if (!flights.isEmpty() && !running.getAsBoolean()) {
                    // The worker began to stop while this claim was under way: close() may have handed back the
                    // local queue already, so hand these back here (whoever comes first does; a thread skips them).
                    handBack.handBack(flights);
                }
                if (claimed.isEmpty() && running.getAsBoolean() && !limitReached()) {
                    prefetch.restart(); // what comes next may take longer than what ran before
                    if (queues.isEmpty()) {
                        held.idle(PausedQueues.REFRESH); // every queue paused: look again when the paused set may have
                        // changed
                    } else {
                        backend.awaitWork(queues, paused.idleWait(idleWait()));
                    }
                }
            } catch (InterruptedException e) {
                held.unreserve(reserved);
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                held.unreserve(reserved);
                log.error(
                        "worker {} could not claim jobs from the {} backend; retrying in {}s",
                        settings.id(),
                        backend.name(),
                        PAUSE_AFTER_FAILURE.toSeconds(),
                        e);
                pause();
            }
        }
        return false;
    }

    /**
     * On a job thread that just ran {@code finished} to success, for a backend that {@link Backend#claimsNext}: its next
     * job, claimed on the way the result went, or null. It takes one only while the worker runs, no claimed job waits
     * for a thread (those go first), there is room and no job limit is set (the fetcher alone counts claims against
     * it); otherwise it tells the backend to leave what comes to the fetcher.
     */
    InFlight claimNext(ClaimedJob finished) {
        Set<String> queues = lastQueues;
        boolean take = running.getAsBoolean()
                && settings.maxJobs() <= 0
                && queues != null
                && !queues.isEmpty()
                && waiting.nothingWaiting()
                && held.tryReserveOne();
        List<ClaimedJob> claimed;
        try {
            claimed = backend.claimNext(
                    finished.lease(),
                    queues == null ? settings.queues() : queues,
                    take ? 1 : 0,
                    settings.id(),
                    settings.lease());
        } catch (RuntimeException e) {
            if (take) {
                held.unreserve(1);
            }
            log.warn(
                    "worker {} could not claim its next job from the {} backend after job {}; the fetcher claims it",
                    settings.id(),
                    backend.name(),
                    finished.id(),
                    e);
            return null;
        }
        if (!take) {
            return null;
        }
        counters.claimed(claimed.size());
        if (claimed.isEmpty()) {
            held.unreserve(1);
            return null;
        }
        InFlight flight = new InFlight(claimed.get(0));
        held.hold(flight);
        return flight;
    }

    /**
     * On a job thread of a worker on an {@link Backend#inProcess} backend: a batch for this thread alone, held as one
     * ({@link HeldJobs#holdOwn}), or none. Its size is the thread's share of the room: the threads and the
     * {@link Prefetch}'s jobs, split between the threads, so one-second jobs are claimed one at a time and no-ops a
     * few hundred. Claims only while the worker runs and no job limit is set (the fetcher alone counts claims against
     * it); a thread that gets none waits for the fetcher's claims.
     */
    List<InFlight> claimOwn() {
        if (!running.getAsBoolean() || settings.maxJobs() > 0) {
            return List.of();
        }
        int share = Math.max(1, (settings.threads() + prefetch.jobs()) / settings.threads());
        int reserved = held.tryReserve(share);
        if (reserved == 0) {
            return List.of();
        }
        List<ClaimedJob> claimed = List.of();
        try {
            Set<String> queues = paused.active();
            if (!queues.isEmpty()) {
                claimed = backend.claim(queues, reserved, settings.id(), settings.lease());
                counters.claimed(claimed.size());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "worker {} could not claim jobs from the {} backend; the fetcher claims them",
                    settings.id(),
                    backend.name(),
                    e);
        }
        held.unreserve(reserved - claimed.size());
        if (claimed.isEmpty()) {
            return List.of();
        }
        List<InFlight> batch = new ArrayList<>(claimed.size());
        for (ClaimedJob job : claimed) {
            batch.add(new InFlight(job, true));
        }
        held.holdOwn(batch);
        return batch;
    }

    /** How many of the reserved jobs the job limit allows. */
    private int withinLimit(int reserved) {
        if (settings.maxJobs() <= 0) {
            return reserved;
        }
        return (int) Math.max(0, Math.min(reserved, settings.maxJobs() - counters.claimed()));
    }

    boolean limitReached() {
        return settings.maxJobs() > 0 && counters.claimed() >= settings.maxJobs();
    }

    private Duration idleWait() {
        return MAX_IDLE_WAIT.compareTo(settings.lease()) < 0 ? MAX_IDLE_WAIT : settings.lease();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
