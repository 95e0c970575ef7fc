package dev.errand.worker;

import dev.errand.JobId;
import dev.errand.config.Durations;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.worker.TimingLog.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs in this process: a fetch thread claims as many jobs as there are free threads (up to
 * the batch size) in one backend call, hands them to the job threads, and otherwise blocks in
 * the backend until work arrives. A supervisor renews the leases of running jobs in one call per
 * heartbeat, interrupts attempts that outlive their timeout, and recovers expired leases of dead
 * workers. {@link #close()} stops claiming, lets running jobs finish within the grace period and
 * hands back what it could not finish.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(5);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final Backend backend;
    private final WorkerSettings settings;
    private final AttemptRunner runner;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final Semaphore freeThreads;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private volatile State state = State.NEW;
    private ThreadPoolExecutor jobThreads;
    private ScheduledExecutorService supervisor;
    private Thread fetcher;
    private long lastRenewNanos;
    private long lastRescueNanos;

    Worker(Backend backend, WorkerSettings settings, AttemptRunner runner) {
        this.backend = backend;
        this.settings = settings;
        this.runner = runner;
        this.freeThreads = new Semaphore(settings.threads());
    }

    /** This worker's id as leases and the timing log show it: {@code host:pid:name}. */
    public String id() {
        return settings.id();
    }

    public Set<String> queues() {
        return settings.queues();
    }

    public int threads() {
        return settings.threads();
    }

    /** Attempts finished since start: succeeded, failed with a retry left, and dead. */
    public DrainResult stats() {
        return new DrainResult((int) succeeded.get(), (int) retried.get(), (int) dead.get());
    }

    /** Starts the threads; returns at once. */
    public synchronized Worker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker " + id() + " was already started");
        }
        state = State.RUNNING;
        jobThreads = new ThreadPoolExecutor(settings.threads(), Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("errand-job-" + settings.name() + "-", true));
        supervisor = Executors.newSingleThreadScheduledExecutor(named("errand-supervisor-" + settings.name(), false));
        long tick = Math.max(10, Math.min(1000, settings.lease().toMillis() / 6));
        lastRenewNanos = lastRescueNanos = System.nanoTime();
        supervisor.execute(this::rescueExpiredLeases);
        supervisor.scheduleWithFixedDelay(this::supervise, tick, tick, TimeUnit.MILLISECONDS);
        fetcher = named("errand-fetch-" + settings.name(), false).newThread(this::fetchLoop);
        fetcher.start();
        log.info("worker {} started: {} threads on queues {} of the {} backend, lease {}", id(), settings.threads(),
                settings.queues(), backend.name(), Durations.format(settings.lease()));
        return this;
    }

    /**
     * Runs every job that is due now in the calling thread, retries that come due included, and
     * returns when none is left: deterministic processing for tests. Only for a worker that was
     * not started.
     */
    public DrainResult drain() {
        if (state != State.NEW) {
            throw new IllegalStateException("drain() runs jobs in the caller's thread; worker " + id() + " is already started");
        }
        int ok = 0, retry = 0, failed = 0;
        backend.recoverExpiredLeases();
        while (true) {
            List<ClaimedJob> batch = backend.claim(settings.queues(), settings.batchSize(), id(), settings.lease());
            if (batch.isEmpty()) {
                return new DrainResult(ok, retry, failed);
            }
            for (ClaimedJob job : batch) {
                Status s = runner.run(new InFlight(job), false);
                if (s == Status.ok) {
                    ok++;
                } else if (s == Status.retry) {
                    retry++;
                } else if (s == Status.dead) {
                    failed++;
                }
            }
        }
    }

    private void fetchLoop() {
        while (state == State.RUNNING) {
            try {
                freeThreads.acquire();
                int free = 1 + freeThreads.drainPermits();
                List<ClaimedJob> claimed = state == State.RUNNING
                        ? backend.claim(settings.queues(), Math.min(free, settings.batchSize()), id(), settings.lease())
                        : List.of();
                freeThreads.release(free - claimed.size());
                for (ClaimedJob job : claimed) {
                    InFlight flight = new InFlight(job);
                    inFlight.add(flight);
                    jobThreads.execute(() -> runAndFree(flight));
                }
                if (claimed.isEmpty() && state == State.RUNNING) {
                    backend.awaitWork(settings.queues(), MAX_IDLE_WAIT.compareTo(settings.lease()) < 0 ? MAX_IDLE_WAIT : settings.lease());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("worker {} could not claim jobs from the {} backend; retrying in 1s", id(), backend.name(), e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private void runAndFree(InFlight flight) {
        try {
            if (state == State.STOPPING && flight.settle()) {
                backend.release(List.of(flight.job.lease()));
                return;
            }
            count(runner.run(flight, state != State.RUNNING));
        } finally {
            if (inFlight.remove(flight)) {
                freeThreads.release();
            }
        }
    }

    private void count(Status status) {
        if (status == Status.ok) {
            succeeded.incrementAndGet();
        } else if (status == Status.retry) {
            retried.incrementAndGet();
        } else if (status == Status.dead) {
            dead.incrementAndGet();
        }
    }

    /** One supervisor tick: timeouts every tick, lease renewal every lease/3, rescue every lease/2. */
    private void supervise() {
        try {
            long now = System.nanoTime();
            for (InFlight f : inFlight) {
                if (f.isRunning() && now - f.startedNanos > f.job.timeout().toNanos()) {
                    timeOut(f);
                }
            }
            if (now - lastRenewNanos >= settings.lease().toNanos() / 3) {
                lastRenewNanos = now;
                renewLeases();
            }
            if (now - lastRescueNanos >= settings.lease().toNanos() / 2) {
                lastRescueNanos = now;
                rescueExpiredLeases();
            }
        } catch (RuntimeException e) {
            log.error("worker {} supervisor tick failed; will try again", id(), e);
        }
    }

    private void timeOut(InFlight f) {
        Thread t = f.thread;
        count(runner.reportTimeout(f));
        if (t != null) {
            t.interrupt();
        }
        // The stuck thread keeps running until the job notices the interrupt; the pool starts
        // another thread for the freed slot, so capacity stays.
        if (inFlight.remove(f)) {
            freeThreads.release();
        }
    }

    private void renewLeases() {
        List<Lease> leases = new ArrayList<>(inFlight.size());
        for (InFlight f : inFlight) {
            leases.add(f.job.lease());
        }
        if (leases.isEmpty()) {
            return;
        }
        Set<JobId> lost = backend.renew(leases, settings.lease());
        if (!lost.isEmpty()) {
            for (InFlight f : inFlight) {
                if (lost.contains(f.job.id()) && !f.leaseLost) {
                    f.leaseLost = true;
                    log.warn("worker {} lost the lease of job {} (id {}) attempt {}: it was recovered by another worker; "
                            + "this attempt's outcome will be discarded", id(), f.job.name(), f.job.id(), f.job.attempt());
                }
            }
        }
    }

    private void rescueExpiredLeases() {
        try {
            int n = backend.recoverExpiredLeases();
            if (n > 0) {
                log.warn("worker {} recovered {} jobs whose worker stopped renewing its lease", id(), n);
            }
        } catch (RuntimeException e) {
            log.error("worker {} could not recover expired leases", id(), e);
        }
    }

    /**
     * Stops claiming, waits up to {@code errand.worker.shutdownGrace} for running jobs, then
     * interrupts them and hands back to the queue the jobs that stopped on the interrupt.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPING;
        }
        backend.wakeUp();
        try {
            // The fetcher must be gone before the pool shuts: a batch it claimed is still handed
            // to job threads, which release it unrun.
            fetcher.join(settings.shutdownGrace().toMillis());
            if (fetcher.isAlive()) {
                fetcher.interrupt();
                fetcher.join(1000);
            }
            jobThreads.shutdown();
            if (!jobThreads.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("worker {}: {} jobs still running after the grace period of {}; interrupting them", id(),
                        inFlight.size(), Durations.format(settings.shutdownGrace()));
                jobThreads.shutdownNow();
                if (!jobThreads.awaitTermination(Math.min(5000, settings.shutdownGrace().toMillis()), TimeUnit.MILLISECONDS)) {
                    log.warn("worker {}: jobs {} ignore interrupts; their leases will expire and another worker will run them",
                            id(), inFlight.stream().map(f -> f.job.id().value()).toList());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            supervisor.shutdownNow();
            state = State.STOPPED;
        }
        log.info("worker {} stopped: {} succeeded, {} retried, {} dead", id(), succeeded.get(), retried.get(), dead.get());
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix, boolean numbered) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
