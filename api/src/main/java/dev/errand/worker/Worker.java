package dev.errand.worker;

import dev.errand.config.Durations;
import dev.errand.job.JobDefinition;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.worker.TimingLog.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs in this process, as a few small services: a {@link Fetcher} claims whole batches in one backend call and
 * keeps a local queue filled, so {@link JobThreads} go from one job to the next without a round trip; successes are
 * recorded in batches by a {@link Completer} (one backend call for many jobs), failures one by one. On an
 * {@link Backend#inProcess} backend, where a call costs no round trip, each job thread claims and records its own
 * batches instead, and the fetcher claims only for threads that found nothing; a
 * {@link Supervisor} drives the {@link TimeoutWatchdog}, the {@link LeaseKeeper} (one renewal call per heartbeat for
 * every held job) and {@link Maintenance} (recovery of dead workers' expired leases). {@link #close()} stops
 * claiming, hands back the claimed jobs that did not start, lets running jobs finish within the grace period, records
 * every success, and hands back what it could not finish. A worker built with {@link WorkerBuilder#maxJobs} stops by
 * itself after claiming that many jobs and finishing them; {@link #stopped()} tells when.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How long a success may wait for others to share its backend call; a thread with nothing else to run flushes at once. */
    private static final Duration COMPLETION_LINGER = Duration.ofMillis(1);
    /** The most jobs {@link #drain()} claims at once: it renews no lease, so claimed jobs must not wait long. */
    private static final int DRAIN_MAX_CLAIM = 100;

    private enum State {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final Backend backend;
    private final WorkerSettings settings;
    /** The jobs this worker runs, as it registers them with the backend. */
    private final List<JobDefinition<?>> jobs;

    private final AttemptRunner runner;
    private final WorkerCounters counters = new WorkerCounters();
    private final LocalQueue waiting = new LocalQueue();
    /** How many claimed jobs wait beyond the running ones, from the recent run time of jobs. */
    private final Prefetch prefetch;

    private final HeldJobs held;
    private final HandBack handBack;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private Completer completer;
    /** The job threads' own batches; null unless {@link #claimsOwnBatches()}. */
    private OwnBatches ownBatches;

    private JobThreads jobThreads;
    private Supervisor supervisor;
    private Thread fetchThread;
    private final DeclaredSchedules schedules;
    private final Scheduler scheduler;
    private boolean schedulesStored;
    /** Whether this worker is registered with the backend ({@link Backend#registerWorker}); guarded by {@code this}. */
    private boolean registered;

    /** @param scheduler fires the store's due recurring jobs; null when this worker does not */
    Worker(
            Backend backend,
            WorkerSettings settings,
            List<JobDefinition<?>> jobs,
            AttemptRunner runner,
            DeclaredSchedules schedules,
            Scheduler scheduler) {
        this.backend = backend;
        this.settings = settings;
        this.jobs = jobs;
        this.runner = runner;
        this.schedules = schedules;
        this.scheduler = scheduler;
        this.prefetch = new Prefetch(settings.threads(), settings.batchSize(), settings.prefetch());
        this.held =
                new HeldJobs(settings.threads(), prefetch, waiting, () -> state == State.RUNNING, claimsOwnBatches());
        this.handBack = new HandBack(backend, held, settings.id());
    }

    /**
     * Whether each job thread claims and records its own batches ({@link OwnBatches}): on an in-process backend, unless
     * a job limit is set (the fetcher alone counts claims against it).
     */
    private boolean claimsOwnBatches() {
        return backend.inProcess() && settings.maxJobs() <= 0;
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

    /** Job threads running an attempt at this moment, from 0 to {@link #threads()}: a look at the held jobs, no counter. */
    public int busyThreads() {
        int busy = 0;
        for (InFlight flight : held.live()) {
            if (flight.isRunning()) {
                busy++;
            }
        }
        return busy;
    }

    /** Attempts finished since start: succeeded, failed with a retry left, and dead. */
    public DrainResult stats() {
        return new DrainResult(counters.succeeded(), counters.retried(), counters.dead());
    }

    /** Attempts finished since start (succeeded, retried and dead): what the worker manager reports as jobs done. */
    public long jobsDone() {
        return counters.attempts();
    }

    /** How the worker's claims went since start: calls, empty ones, jobs brought. */
    public ClaimStats claimStats() {
        return counters.claimStats();
    }

    /** Jobs claimed since start; with {@link WorkerBuilder#maxJobs} the worker stops claiming at that limit. */
    public long jobsClaimed() {
        return counters.claimed();
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
     * Starts the threads; returns at once. Fails first, with an {@link dev.errand.config.ErrandConfigException}, when the
     * backend's connection pool is too small for this worker's threads ({@link Backend#connectionPool()}).
     */
    public synchronized Worker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker " + id() + " was already started");
        }
        backend.connectionPool().ifPresent(pool -> pool.checkFits(settings.threads()));
        schedules.store(backend, id());
        register();
        state = State.RUNNING;
        completer = new Completer(
                backend,
                "errand-complete-" + settings.name(),
                settings.lease(),
                held.maxRoom(),
                COMPLETION_LINGER,
                waiting::nothingWaiting,
                waiting::backlog,
                this::recorded);
        completer.start();
        if (claimsOwnBatches()) {
            ownBatches = new OwnBatches(
                    completer,
                    handBack,
                    held,
                    id(),
                    "errand-own-" + settings.name(),
                    COMPLETION_LINGER,
                    settings.prefetch());
            ownBatches.start();
        }
        Fetcher fetcher = new Fetcher(
                backend, settings, held, prefetch, waiting, counters, handBack, () -> state == State.RUNNING);
        jobThreads = new JobThreads(
                settings,
                handBack,
                runner,
                completer,
                held,
                prefetch,
                waiting,
                counters,
                () -> state != State.RUNNING,
                backend.claimsNext() ? fetcher::claimNext : null,
                ownBatches != null ? fetcher::claimOwn : null,
                ownBatches);
        jobThreads.start(settings.threads());
        TimeoutWatchdog watchdog = new TimeoutWatchdog(
                runner,
                held,
                handBack,
                prefetch,
                counters,
                jobThreads::startOne,
                () -> state == State.RUNNING || state == State.STOPPING);
        supervisor = new Supervisor(
                settings,
                watchdog,
                new LeaseKeeper(backend, settings, held),
                new Maintenance(backend, id(), settings.lease()),
                scheduler);
        supervisor.start();
        fetchThread = new Thread(
                () -> {
                    if (fetcher.run()) {
                        retire();
                    }
                },
                "errand-fetch-" + settings.name());
        fetchThread.setDaemon(true);
        fetchThread.start();
        log.info(
                "worker {} started: {} threads on queues {} of the {} backend, lease {}",
                id(),
                settings.threads(),
                settings.queues(),
                backend.name(),
                Durations.format(settings.lease()));
        return this;
    }

    /**
     * Runs every job that is due now in the calling thread, retries that come due included, and
     * returns when none is left: deterministic processing for tests. Only for a worker that was
     * not started. Paused queues are left alone. Like a started worker, it stores its {@code @Recurring} jobs'
     * schedules (on the first call) and first fires the recurring jobs due at the clock's now.
     */
    public DrainResult drain() {
        if (state != State.NEW) {
            throw new IllegalStateException(
                    "drain() runs jobs in the caller's thread; worker " + id() + " is already started");
        }
        long ok = 0, retry = 0, failed = 0;
        if (!schedulesStored) {
            schedules.store(backend, id());
            schedulesStored = true;
        }
        register();
        if (scheduler != null) {
            scheduler.tick();
        }
        backend.recoverExpiredLeases();
        Set<String> queues = new PausedQueues(backend, settings.queues(), System::nanoTime).active();
        // No heartbeat renews the leases here: claims stay as small as the fixed batch of 100 before the prefetch.
        int most = Math.min(settings.batchSize(), DRAIN_MAX_CLAIM);
        Prefetch ahead = new Prefetch(1, most, settings.prefetch());
        while (!queues.isEmpty()) {
            int want = Math.min(most, 1 + ahead.jobs());
            List<ClaimedJob> batch = backend.claim(queues, want, id(), settings.lease());
            if (batch.isEmpty()) {
                return new DrainResult(ok, retry, failed);
            }
            for (ClaimedJob job : batch) {
                InFlight flight = new InFlight(job);
                Status s = runner.run(flight);
                ahead.ran(System.nanoTime() - flight.startedNanos);
                if (s == Status.ok) {
                    ok++;
                } else if (s == Status.retry) {
                    retry++;
                } else if (s == Status.dead) {
                    failed++;
                }
            }
        }
        return new DrainResult(ok, retry, failed);
    }

    /**
     * Runs on the fetch thread once the job limit is reached: waits until every claimed job has
     * finished (or timed out) and been recorded, then stops the worker, unless {@link #close()} took over meanwhile.
     */
    private void retire() {
        log.info(
                "worker {} claimed its limit of {} jobs; finishing the {} still running, then stopping",
                id(),
                settings.maxJobs(),
                held.size());
        try {
            held.awaitNoneHeld();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (state != State.RUNNING) {
                return; // close() is stopping the worker
            }
            state = State.STOPPING;
        }
        waiting.stop();
        completer.close();
        supervisor.stop();
        unregister();
        state = State.STOPPED;
        log.info("worker {} stopped after its limit of {} jobs: {}", id(), settings.maxJobs(), counters);
        stopped.complete(null);
    }

    /** Successes were recorded ({@code heldLeases} is null when the backend could not record them). */
    private void recorded(List<InFlight> flights, List<Boolean> heldLeases) {
        try {
            for (int i = 0; i < flights.size(); i++) {
                runner.recorded(
                        flights.get(i).job, Status.ok, heldLeases == null ? null : heldLeases.get(i), null, null);
            }
        } finally {
            counters.succeeded(flights.size());
            held.doneAll(flights); // whatever the log did: a job held for ever would hold its room for ever
        }
    }

    /**
     * Stops claiming, hands back the claimed jobs that did not start, waits up to
     * {@code errand.worker.shutdownGrace} for running jobs, then interrupts them and hands back
     * to the queue the jobs that stopped on the interrupt. Every success is recorded before it returns.
     * When the calling thread is interrupted, the grace period ends at once (see docs/workers.md), and
     * the thread's interrupt is kept.
     */
    @Override
    public void close() {
        boolean alreadyStopping;
        synchronized (this) {
            alreadyStopping = state == State.STOPPING;
            if (!alreadyStopping && state != State.RUNNING) {
                unregister(); // a worker that only drained
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
        held.wakeFetcher();
        boolean interrupted = false;
        try {
            stopGracefully();
        } catch (InterruptedException e) {
            interrupted = true; // the caller is in a hurry: the grace period ends now
            stopNow("close() was interrupted");
        } catch (RuntimeException | Error e) {
            // no job thread is left waiting for work that will not come
            interrupted = !stopNow("stopping failed (" + e + ")");
            throw e;
        } finally {
            try {
                closeRecorders();
            } finally {
                supervisor.stop();
                unregister();
                state = State.STOPPED;
                stopped.complete(null);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        log.info("worker {} stopped: {}", id(), counters);
    }

    /** Records what the job threads' own batches and the completer still hold, each also when the other fails. */
    private void closeRecorders() {
        try {
            if (ownBatches != null) {
                ownBatches.close();
            }
        } finally {
            completer.close();
        }
    }

    /**
     * Waits for the fetcher, hands back the claimed jobs that did not start, then waits up to the grace period for the
     * running ones, and interrupts those still running.
     */
    private void stopGracefully() throws InterruptedException {
        // The fetcher must be gone before the waiting jobs are handed back: a batch it claimed is still queued.
        fetchThread.join(settings.shutdownGrace().toMillis());
        if (fetchThread.isAlive()) {
            fetchThread.interrupt();
            fetchThread.join(1000);
        }
        releaseWaiting();
        waiting.stop();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        if (!jobThreads.join(deadline)) {
            log.warn(
                    "worker {}: {} jobs still running after the grace period of {}; interrupting them",
                    id(),
                    held.size(),
                    Durations.format(settings.shutdownGrace()));
            if (!jobThreads.join(interruptRunningAttempts())) {
                log.warn(
                        "worker {}: jobs {} ignore interrupts; their leases will expire and another worker will run them",
                        id(),
                        runningIds());
            }
        }
    }

    /**
     * The stop with the grace period over, for a close() whose caller was interrupted (or whose graceful steps
     * failed): hands back the jobs that did not start, interrupts the running attempts (each goes back unrun, as at the
     * end of the grace period), and waits up to 5 s (at most the grace period) for the job threads to record them and
     * for the fetcher, which hands back a batch it was claiming. Returns false when interrupted again meanwhile.
     */
    private boolean stopNow(String why) {
        log.warn(
                "worker {}: {}; handing back the jobs that did not start and interrupting the {} running, without "
                        + "waiting for the grace period",
                id(),
                why,
                held.snapshot().stream().filter(InFlight::isRunning).count());
        releaseWaiting();
        waiting.stop();
        try {
            long deadline = interruptRunningAttempts();
            boolean threadsEnded = jobThreads.join(deadline);
            fetchThread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (!threadsEnded || fetchThread.isAlive()) {
                log.warn(
                        "worker {}: {} still busy; what they hold comes back when its lease expires",
                        id(),
                        !threadsEnded
                                ? "jobs " + runningIds() + " ignore interrupts, and their threads are"
                                : "the fetcher is");
            }
            return true;
        } catch (InterruptedException again) {
            return false;
        }
    }

    /**
     * Interrupts the threads running a job's code, and only those: a thread recording an outcome or claiming is left
     * alone, as an interrupt in the middle of a backend call can cost more than the call (it closes an embedded H2
     * database). Returns until when to wait for them: 5 s, at most the grace period.
     */
    private long interruptRunningAttempts() {
        for (InFlight f : held.live()) {
            Thread t = f.thread;
            if (f.isRunning() && t != null) {
                f.interruptedForStop = true;
                t.interrupt();
            }
        }
        return System.nanoTime() + Math.min(5000, settings.shutdownGrace().toMillis()) * 1_000_000;
    }

    private List<String> runningIds() {
        return held.snapshot().stream()
                .filter(InFlight::isRunning)
                .map(f -> f.job.id().value())
                .toList();
    }

    /**
     * Hands the claimed jobs that no thread started back to the queue, in one backend call: those waiting in the local
     * queue, and those of the threads' own batches (a thread that reaches one skips it).
     */
    private void releaseWaiting() {
        List<InFlight> unstarted = new ArrayList<>(waiting.drainWaiting());
        unstarted.addAll(held.unstartedOwn());
        int handedBack = handBack.handBack(unstarted);
        if (handedBack > 0) {
            log.info("worker {} handed back {} claimed jobs that had not started", id(), handedBack);
        }
    }

    /**
     * Registers this worker's jobs with the backend before its first claim: a backend that routes by job name (Gearman's
     * {@code CAN_DO}, TheSchwartz's {@code funcid}) hands out nothing before it. Done when the worker starts or first
     * drains, not when it is built, so a worker built and never started is offered no jobs and leaves nothing to undo.
     */
    private synchronized void register() {
        if (!registered) {
            backend.registerWorker(id(), jobs, settings.queues(), settings.threads());
            registered = true;
        }
    }

    /**
     * Undoes {@link #register} once the worker claims no more and every result it will record is recorded (the
     * completer is closed), so a backend that sends results over its registered connection (Gearman) sends them all.
     */
    private synchronized void unregister() {
        if (registered) {
            registered = false;
            try {
                backend.unregisterWorker(id());
            } catch (RuntimeException e) {
                log.warn("worker {} could not unregister from the {} backend", id(), backend.name(), e);
            }
        }
    }

    private void awaitStop() {
        try {
            stopped.get(settings.shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "worker {} did not stop within its grace period of {}",
                    id(),
                    Durations.format(settings.shutdownGrace()));
        }
    }
}
