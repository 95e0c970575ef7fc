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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs in this process. A fetch thread claims whole batches in one backend call and keeps a
 * local queue filled: up to the batch size of claimed jobs wait beyond the running ones, so job
 * threads go from one job to the next without a round trip; when nothing is due it blocks in the
 * backend until work arrives. Successes are recorded in batches by a {@link Completer} (one
 * backend call for many jobs), failures one by one. A supervisor renews the leases of running and
 * waiting jobs in one call per heartbeat, interrupts attempts that outlive their timeout, and
 * recovers expired leases of dead workers. {@link #close()} stops claiming, hands back the claimed
 * jobs that did not start, lets running jobs finish within the grace period and hands back what
 * it could not finish. A worker built with {@link WorkerBuilder#maxJobs} stops by itself after
 * claiming that many jobs and finishing them; {@link #stopped()} tells when.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(5);
    /** How long stopping waits for a supervisor tick in progress; backend calls are bounded by their own time-outs. */
    private static final Duration SUPERVISOR_STOP_WAIT = Duration.ofSeconds(10);
    /** How long a success may wait for others to share its backend call; a thread with nothing else to run flushes at once. */
    private static final Duration COMPLETION_LINGER = Duration.ofMillis(1);
    /** Tells a job thread to stop; put back by each thread that takes it, so all of them see it. */
    private static final InFlight STOP = new InFlight(null);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final Backend backend;
    private final WorkerSettings settings;
    private final AttemptRunner runner;
    /** Claimed and not yet recorded: waiting in {@link #ready}, running, or waiting for the completer. */
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    /** Claimed jobs waiting for a job thread, in claim order. */
    private final LinkedBlockingQueue<InFlight> ready = new LinkedBlockingQueue<>();
    private final Set<Thread> jobThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong threadNumber = new AtomicLong();
    /** Guards {@link #freeSlots}; the fetcher waits on it. */
    private final Object slots = new Object();
    /** How many more jobs may be claimed: threads + batch size, less the jobs in flight. */
    private int freeSlots;
    private final int capacity;
    /** The fetcher claims when this many slots are free, or sooner when the local queue ran dry. */
    private final int refill;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong claimedTotal = new AtomicLong();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private Completer completer;
    private ScheduledExecutorService supervisor;
    private Thread fetcher;
    private long lastRenewNanos;
    private long lastRescueNanos;

    Worker(Backend backend, WorkerSettings settings, AttemptRunner runner) {
        this.backend = backend;
        this.settings = settings;
        this.runner = runner;
        this.capacity = settings.threads() + settings.batchSize();
        this.freeSlots = capacity;
        this.refill = Math.max(1, Math.min(settings.batchSize(), capacity / 2));
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
        return new DrainResult(succeeded.get(), retried.get(), dead.get());
    }

    /** Attempts finished since start (succeeded, retried and dead): what the worker manager reports as jobs done. */
    public long jobsDone() {
        return succeeded.get() + retried.get() + dead.get();
    }

    /** Jobs claimed since start; with {@link WorkerBuilder#maxJobs} the worker stops claiming at that limit. */
    public long jobsClaimed() {
        return claimedTotal.get();
    }

    /**
     * Completes when the worker has stopped: after {@link #close()}, or by itself once it reached
     * {@link WorkerBuilder#maxJobs} and finished those jobs. Each call returns a new dependent
     * future, so cancelling one does not affect the worker.
     */
    public CompletableFuture<Void> stopped() {
        return stopped.copy();
    }

    /** True once the worker has stopped claiming and running jobs (see {@link #stopped()}). */
    public boolean isStopped() {
        return stopped.isDone();
    }

    /**
     * Starts the threads; returns at once. Fails first, with an {@link dev.errand.ErrandConfigException}, when the
     * backend's connection pool is too small for this worker's threads ({@link Backend#connectionPool()}).
     */
    public synchronized Worker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker " + id() + " was already started");
        }
        backend.connectionPool().ifPresent(pool -> pool.checkFits(settings.threads()));
        state = State.RUNNING;
        completer = new Completer(backend, "errand-complete-" + settings.name(), settings.lease(), capacity,
                COMPLETION_LINGER, ready::isEmpty, this::recorded);
        completer.start();
        for (int i = 0; i < settings.threads(); i++) {
            startJobThread();
        }
        supervisor = Executors.newSingleThreadScheduledExecutor(named("errand-supervisor-" + settings.name()));
        long tick = Math.max(10, Math.min(1000, settings.lease().toMillis() / 6));
        lastRenewNanos = lastRescueNanos = System.nanoTime();
        supervisor.execute(this::rescueExpiredLeases);
        supervisor.scheduleWithFixedDelay(this::supervise, tick, tick, TimeUnit.MILLISECONDS);
        fetcher = named("errand-fetch-" + settings.name()).newThread(this::fetchLoop);
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
        long ok = 0, retry = 0, failed = 0;
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
            int want = 0;
            try {
                if (limitReached()) {
                    retire();
                    return;
                }
                want = reserveSlots();
                if (want == 0) {
                    continue; // stopping
                }
                if (settings.maxJobs() > 0) {
                    int allowed = (int) Math.min(want, settings.maxJobs() - claimedTotal.get());
                    freeSlots(want - allowed);
                    want = allowed;
                }
                List<ClaimedJob> claimed = state == State.RUNNING && want > 0
                        ? backend.claim(settings.queues(), want, id(), settings.lease())
                        : List.of();
                claimedTotal.addAndGet(claimed.size());
                freeSlots(want - claimed.size());
                want = 0;
                for (ClaimedJob job : claimed) {
                    InFlight flight = new InFlight(job);
                    inFlight.add(flight);
                    ready.add(flight);
                }
                if (claimed.isEmpty() && state == State.RUNNING && !limitReached()) {
                    backend.awaitWork(settings.queues(), MAX_IDLE_WAIT.compareTo(settings.lease()) < 0 ? MAX_IDLE_WAIT : settings.lease());
                }
            } catch (InterruptedException e) {
                freeSlots(want);
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                freeSlots(want);
                log.error("worker {} could not claim jobs from the {} backend; retrying in 1s", id(), backend.name(), e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Waits until a claim is worth making (enough free slots, or any free slot while the local queue is empty) and
     * takes up to a batch of them; 0 when the worker stops meanwhile.
     */
    private int reserveSlots() throws InterruptedException {
        synchronized (slots) {
            while (state == State.RUNNING && (freeSlots == 0 || (freeSlots < refill && !ready.isEmpty()))) {
                slots.wait();
            }
            if (state != State.RUNNING) {
                return 0;
            }
            int want = Math.min(freeSlots, settings.batchSize());
            freeSlots -= want;
            return want;
        }
    }

    private void freeSlots(int n) {
        if (n > 0) {
            synchronized (slots) {
                freeSlots += n;
                // Wake the fetcher only when it would act (or retire() would), not on every finished job.
                if (freeSlots >= refill || freeSlots == capacity || ready.isEmpty() || state != State.RUNNING) {
                    slots.notifyAll();
                }
            }
        }
    }

    /** Wakes the fetcher to top the local queue up. */
    private void wakeFetcher() {
        synchronized (slots) {
            slots.notifyAll();
        }
    }

    /** The job is no longer this worker's: recorded, handed back, or given up on the timeout. */
    private void done(InFlight flight) {
        if (inFlight.remove(flight)) {
            freeSlots(1);
        }
    }

    private boolean limitReached() {
        return settings.maxJobs() > 0 && claimedTotal.get() >= settings.maxJobs();
    }

    /**
     * Runs on the fetch thread once the job limit is reached: waits until every claimed job has
     * finished (or timed out) and been recorded, then stops the worker, unless {@link #close()} took over meanwhile.
     */
    private void retire() throws InterruptedException {
        log.info("worker {} claimed its limit of {} jobs; finishing the {} still running, then stopping", id(),
                settings.maxJobs(), inFlight.size());
        synchronized (slots) {
            while (freeSlots < capacity && state == State.RUNNING) {
                slots.wait();
            }
        }
        synchronized (this) {
            if (state != State.RUNNING) {
                return; // close() is stopping the worker
            }
            state = State.STOPPING;
        }
        ready.add(STOP);
        completer.close();
        stopSupervisor();
        state = State.STOPPED;
        log.info("worker {} stopped after its limit of {} jobs: {} succeeded, {} retried, {} dead", id(),
                settings.maxJobs(), succeeded.get(), retried.get(), dead.get());
        stopped.complete(null);
    }

    private void startJobThread() {
        Thread t = new Thread(this::jobLoop, "errand-job-" + settings.name() + "-" + threadNumber.incrementAndGet());
        t.setDaemon(true);
        jobThreads.add(t);
        t.start();
    }

    /** A job thread: runs claimed jobs from the local queue until told to stop. */
    private void jobLoop() {
        try {
            while (true) {
                InFlight flight;
                try {
                    flight = ready.take();
                } catch (InterruptedException e) {
                    if (state == State.RUNNING) {
                        continue; // a late timeout interrupt; this thread is idle
                    }
                    return;
                }
                if (flight == STOP) {
                    ready.add(STOP);
                    return;
                }
                if (ready.isEmpty()) {
                    wakeFetcher();
                }
                runOne(flight);
                if (flight.settledElsewhere()) {
                    return; // it timed out: the supervisor started another thread in this one's place
                }
            }
        } finally {
            jobThreads.remove(Thread.currentThread());
        }
    }

    private void runOne(InFlight flight) {
        try {
            if (state == State.STOPPING && flight.settle()) {
                backend.release(List.of(flight.job.lease()));
                done(flight);
                return;
            }
            Status status = runner.run(flight, state != State.RUNNING, completer);
            if (status == Status.ok) {
                // The completer records it, counts it and frees its slot.
                if (ready.isEmpty()) {
                    completer.flushNow();
                }
                return;
            }
            count(status);
            done(flight);
        } catch (RuntimeException e) {
            log.error("worker {} could not hand back job {} (id {}); its lease will expire and it will run again", id(),
                    flight.job.name(), flight.job.id(), e);
            done(flight);
        }
    }

    /** The completer recorded a success (held is null when it gave up). */
    private void recorded(InFlight flight, Boolean held) {
        runner.recorded(flight.job, Status.ok, held, null, null);
        succeeded.incrementAndGet();
        done(flight);
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
        Status status = runner.reportTimeout(f);
        if (status == null) {
            return; // the job finished just now and its thread reported it
        }
        count(status);
        if (t != null) {
            t.interrupt();
        }
        // The stuck thread keeps running until the job notices the interrupt, then ends; another
        // thread takes its place now, so capacity stays.
        done(f);
        if (state == State.RUNNING || state == State.STOPPING) {
            startJobThread();
        }
    }

    /** Renews the leases of every job this worker holds, waiting ones included, in one backend call. */
    private void renewLeases() {
        List<InFlight> held = new ArrayList<>(inFlight);
        if (held.isEmpty()) {
            return;
        }
        List<Lease> leases = new ArrayList<>(held.size());
        for (InFlight f : held) {
            leases.add(f.job.lease());
        }
        Set<JobId> lost = backend.renew(leases, settings.lease());
        if (!lost.isEmpty()) {
            for (InFlight f : held) {
                // A settled job may just have been recorded (finished, so "not held"): its own report tells if the lease was lost.
                if (lost.contains(f.job.id()) && !f.leaseLost && !f.isSettled() && inFlight.contains(f)) {
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
     * Stops claiming, hands back the claimed jobs that did not start, waits up to
     * {@code errand.worker.shutdownGrace} for running jobs, then interrupts them and hands back
     * to the queue the jobs that stopped on the interrupt.
     */
    @Override
    public void close() {
        boolean alreadyStopping;
        synchronized (this) {
            alreadyStopping = state == State.STOPPING;
            if (!alreadyStopping && state != State.RUNNING) {
                state = State.STOPPED;
                stopped.complete(null);
                return;
            }
            state = State.STOPPING;
        }
        if (alreadyStopping) {
            awaitStop(); // stopping by itself after its job limit, or closed by another thread
            return;
        }
        backend.wakeUp();
        wakeFetcher();
        try {
            // The fetcher must be gone before the waiting jobs are handed back: a batch it claimed is still queued.
            fetcher.join(settings.shutdownGrace().toMillis());
            if (fetcher.isAlive()) {
                fetcher.interrupt();
                fetcher.join(1000);
            }
            releaseWaiting();
            ready.add(STOP);
            long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
            if (!joinJobThreads(deadline)) {
                log.warn("worker {}: {} jobs still running after the grace period of {}; interrupting them", id(),
                        inFlight.size(), Durations.format(settings.shutdownGrace()));
                jobThreads.forEach(Thread::interrupt);
                if (!joinJobThreads(System.nanoTime() + Math.min(5000, settings.shutdownGrace().toMillis()) * 1_000_000)) {
                    log.warn("worker {}: jobs {} ignore interrupts; their leases will expire and another worker will run them",
                            id(), inFlight.stream().filter(InFlight::isRunning).map(f -> f.job.id().value()).toList());
                }
            }
            completer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopSupervisor();
            state = State.STOPPED;
            stopped.complete(null);
        }
        log.info("worker {} stopped: {} succeeded, {} retried, {} dead", id(), succeeded.get(), retried.get(), dead.get());
    }

    /**
     * Stops the supervisor and waits for a tick in progress (a lease renewal or rescue in a backend call), so that no
     * tick runs on a backend the caller closes once this worker has stopped.
     */
    private void stopSupervisor() {
        supervisor.shutdownNow();
        try {
            if (!supervisor.awaitTermination(SUPERVISOR_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("worker {}: a supervisor tick still runs {} after the stop (a backend call that does not "
                        + "return); stopping anyway", id(), Durations.format(SUPERVISOR_STOP_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands the claimed jobs that no thread started back to the queue, in one backend call. */
    private void releaseWaiting() {
        List<InFlight> waiting = new ArrayList<>();
        ready.drainTo(waiting);
        List<Lease> leases = new ArrayList<>(waiting.size());
        List<InFlight> released = new ArrayList<>(waiting.size());
        for (InFlight f : waiting) {
            if (f != STOP && f.settle()) {
                leases.add(f.job.lease());
                released.add(f);
            }
        }
        if (leases.isEmpty()) {
            return;
        }
        try {
            backend.release(leases);
            log.info("worker {} handed back {} claimed jobs that had not started", id(), leases.size());
        } catch (RuntimeException e) {
            log.error("worker {} could not hand back {} claimed jobs that had not started; their leases will expire "
                    + "and they will run again", id(), leases.size(), e);
        }
        released.forEach(this::done);
    }

    /** True when every job thread ended before the deadline. */
    private boolean joinJobThreads(long deadlineNanos) throws InterruptedException {
        for (Thread t : List.copyOf(jobThreads)) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        return jobThreads.isEmpty();
    }

    private void awaitStop() {
        try {
            stopped.get(settings.shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("worker {} did not stop within its grace period of {}", id(), Durations.format(settings.shutdownGrace()));
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
