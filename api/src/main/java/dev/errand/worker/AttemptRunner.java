package dev.errand.worker;

import dev.errand.codec.Codec;
import dev.errand.codec.CodecException;
import dev.errand.config.Secrets;
import dev.errand.job.JobError;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.JobInterceptor;
import dev.errand.worker.TimingLog.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a claimed job: check it, decode its arguments into the declared types,
 * invoke the target, and report success, retry or death to the backend. Whatever the job does, the
 * worker goes on; an interceptor or listener that throws is logged and skipped. It throws only what
 * failed after the attempt's outcome was taken (recording a batch of successes inline, say).
 */
final class AttemptRunner {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Backend backend;
    private final Codec codec;
    private final Clock clock;
    private final JobRegistry registry;
    private final RetryPolicy retryPolicy;
    private final RetryPolicy fallbackPolicy;
    private final TimingLog timing;
    private final Duration leaseDuration;
    private final int maxPayloadBytes;
    /** Null when none is registered: then an attempt costs nothing more. */
    private final AttemptListener[] listeners;
    /** Null when none is registered, likewise. */
    private final JobInterceptor[] interceptors;

    AttemptRunner(
            Backend backend,
            Codec codec,
            Clock clock,
            JobRegistry registry,
            RetryPolicy retryPolicy,
            RetryPolicy fallbackPolicy,
            TimingLog timing,
            Duration leaseDuration,
            int maxPayloadBytes,
            AttemptListener[] listeners,
            JobInterceptor[] interceptors) {
        this.backend = backend;
        this.codec = codec;
        this.clock = clock;
        this.registry = registry;
        this.retryPolicy = retryPolicy;
        this.fallbackPolicy = fallbackPolicy;
        this.timing = timing;
        this.leaseDuration = leaseDuration;
        this.maxPayloadBytes = maxPayloadBytes;
        this.listeners = listeners;
        this.interceptors = interceptors;
    }

    /** Runs the attempt in the calling thread and records its outcome; see {@link #run(InFlight, Successes)}. */
    Status run(InFlight flight) {
        return run(flight, null);
    }

    /**
     * Runs the attempt in the calling thread; returns how it ended, or null when someone else reported it. With a
     * completer, a success is written to the timing log and handed to it, which records it with others later (and
     * tells its listener); failures are recorded before this returns.
     */
    Status run(InFlight flight, Successes completer) {
        if (interceptors == null) {
            return guarded(flight, completer);
        }
        JobInterceptor.AttemptScope[] scopes = begin(flight.job);
        try {
            return guarded(flight, completer);
        } finally {
            end(flight, scopes);
        }
    }

    /**
     * The attempt, with a failure of the worker's own code before the outcome was taken (an {@link Error} such as the
     * codec running out of memory) reported as the attempt's failure, so that the job is retried or parked with it
     * instead of staying claimed. Rethrown when the outcome was taken already: it stands.
     */
    private Status guarded(InFlight flight, Successes completer) {
        try {
            return attempt(flight, completer);
        } catch (RuntimeException | Error e) {
            Status status = reportFailure(flight, e);
            if (status == null) {
                throw e;
            }
            log.error(
                    "worker failed around job {} (id {}) attempt {}, not the job itself; the attempt is reported as"
                            + " failed with this error",
                    flight.job.name(),
                    flight.job.id(),
                    flight.job.attempt(),
                    e);
            return status;
        }
    }

    private Status attempt(InFlight flight, Successes completer) {
        ClaimedJob job = flight.job;
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        flight.started(Thread.currentThread(), t0);
        if (listeners != null) {
            tellStarted(job);
        }
        long delay = delayNanos(job, start);
        JobRegistry.Entry entry = registry.get(job.name());
        if (entry == null) {
            return report(
                    completer,
                    flight,
                    start,
                    delay,
                    t0,
                    unrunnable(
                            job,
                            "UnknownJob",
                            "no @Job named " + job.name()
                                    + " is registered with this worker (it serves " + registry.names()
                                    + "); deploy a worker that has it, "
                                    + "or cancel the job"));
        }
        if (!entry.job().fingerprint().equals(job.fingerprint())) {
            return report(
                    completer,
                    flight,
                    start,
                    delay,
                    t0,
                    unrunnable(
                            job,
                            "SignatureMismatch",
                            "job " + job.name()
                                    + " was enqueued by a build whose signature differs from this worker's "
                                    + entry.job()
                                    + " (fingerprint " + job.fingerprint() + " vs "
                                    + entry.job().fingerprint()
                                    + "); deploy producers and workers from the same build, then re-enqueue it"));
        }
        if (job.payload().length > maxPayloadBytes) {
            return report(
                    completer,
                    flight,
                    start,
                    delay,
                    t0,
                    unrunnable(
                            job,
                            "PayloadTooLarge",
                            "payload of job " + job.name()
                                    + " is " + job.payload().length + " bytes, over the limit of " + maxPayloadBytes
                                    + " (errand.payload.maxBytes); it was not decoded. Enqueue a reference (a URL or an id) instead"));
        }
        Object[] args;
        try {
            args = codec.decodeArguments(entry.job(), job.payload());
        } catch (CodecException e) {
            return report(completer, flight, start, delay, t0, new Result(Status.dead, null, error(job, e), null, e));
        }
        Object value;
        try {
            value = entry.invoke(args);
        } catch (Throwable t) {
            if (flight.interruptedForStop) {
                // the worker's stop interrupted it: whatever it threw, it did not fail
                return handBackInterrupted(flight, t);
            }
            return report(completer, flight, start, delay, t0, failure(job, t));
        }
        try {
            return report(
                    completer,
                    flight,
                    start,
                    delay,
                    t0,
                    new Result(Status.ok, codec.encodeResult(entry.job(), value), null, null, null));
        } catch (CodecException e) {
            return report(completer, flight, start, delay, t0, new Result(Status.dead, null, error(job, e), null, e));
        }
    }

    /** Hands back unrun an attempt the worker's stop interrupted, unless someone reported it already. */
    private Status handBackInterrupted(InFlight flight, Throwable thrown) {
        ClaimedJob job = flight.job;
        boolean mine = flight.settle(); // settled first: no later pass of the stop interrupts it again
        Thread.interrupted();
        if (mine) {
            try {
                backend.release(java.util.List.of(job.lease()));
                log.info(
                        "job {} (id {}) was interrupted by the worker's stop ({}) and handed back unrun",
                        job.name(),
                        job.id(),
                        thrown.toString());
            } catch (RuntimeException e) {
                log.error(
                        "job {} (id {}) was interrupted by the worker's stop but could not be handed back; its lease"
                                + " will expire and it will run again",
                        job.name(),
                        job.id(),
                        e);
            }
        }
        return null;
    }

    /** Reports an attempt that ran past its timeout, on behalf of the stuck thread. */
    Status reportTimeout(InFlight flight) {
        ClaimedJob job = flight.job;
        return reportFailure(
                flight,
                new AttemptTimeoutException("job " + job.name() + " (id " + job.id()
                        + ") ran longer than its timeout of " + dev.errand.config.Durations.format(job.timeout())
                        + " and was interrupted; raise @Job(timeout) if it needs longer"));
    }

    /**
     * Reports an attempt as failed with {@code cause}: one that timed out, or one during which the worker itself
     * failed, not the job (an {@link Error} from the codec, say), so that the job is retried or, on its last attempt,
     * dead, instead of staying claimed. Null when the attempt was reported already.
     */
    Status reportFailure(InFlight flight, Throwable cause) {
        ClaimedJob job = flight.job;
        long now = System.nanoTime();
        long t0 = flight.startedNanos != 0 ? flight.startedNanos : now; // zero when it failed before the job started
        Instant start = clock.instant().minusNanos(now - t0);
        return report(null, flight, start, delayNanos(job, start), t0, failure(job, cause));
    }

    /** From when the job was due to {@code start}, or {@link TimingLog#UNKNOWN_DELAY} when its enqueue time is unknown. */
    private static long delayNanos(ClaimedJob job, Instant start) {
        if (!job.enqueueTimeKnown()) {
            return TimingLog.UNKNOWN_DELAY;
        }
        // Duration.between(..).toNanos() without the Duration: this runs once per attempt.
        Instant due = job.eligibleAt();
        return Math.addExact(
                Math.multiplyExact(start.getEpochSecond() - due.getEpochSecond(), 1_000_000_000L),
                start.getNano() - due.getNano());
    }

    private Status report(Successes completer, InFlight flight, Instant start, long delay, long t0, Result result) {
        long process = System.nanoTime() - t0;
        if (!flight.settle()) {
            return null;
        }
        ClaimedJob job = flight.job;
        flight.status = result.status;
        flight.cause = result.cause;
        // Logged before the backend hears of it, so whoever awaits the outcome finds the line written.
        writeTiming(start, job, result.status, delay, process);
        if (listeners != null) {
            tellFinished(job, result.status, delay, process);
        }
        if (completer != null && result.status == Status.ok) {
            completer.add(flight, result.value);
            return result.status;
        }
        recorded(job, result.status, recordWithRetry(job, result), result.error, result.retryAt);
        return result.status;
    }

    /** Writes the attempt's timing line; a failure to write it is logged and keeps no outcome from being recorded. */
    private void writeTiming(Instant start, ClaimedJob job, Status status, long delay, long process) {
        try {
            timing.write(start, job.name(), job.id().value(), job.queue(), job.attempt(), status, delay, process);
        } catch (RuntimeException | Error e) {
            log.error(
                    "could not write the timing line of job {} (id {}) attempt {}; its outcome is recorded all the same",
                    job.name(),
                    job.id(),
                    job.attempt(),
                    e);
        }
    }

    /** Each interceptor's scope for this attempt; one that fails to open gets none. */
    private JobInterceptor.AttemptScope[] begin(ClaimedJob job) {
        JobInterceptor.AttemptScope[] scopes = new JobInterceptor.AttemptScope[interceptors.length];
        for (int i = 0; i < interceptors.length; i++) {
            try {
                scopes[i] = interceptors[i].beginAttempt(job);
            } catch (RuntimeException | Error e) { // a missing class (NoClassDefFoundError) too
                log.warn(
                        "job interceptor {} failed on the start of job {} (id {}); the job goes on without it",
                        interceptors[i],
                        job.name(),
                        job.id(),
                        e);
            }
        }
        return scopes;
    }

    /**
     * Ends the scopes in reverse order with the attempt's outcome: reported by this thread, or by the supervisor for a
     * timeout (it reports before it interrupts this thread); none for an attempt handed back on shutdown.
     */
    private void end(InFlight flight, JobInterceptor.AttemptScope[] scopes) {
        Status status = flight.status;
        JobState outcome = status == null
                ? null
                : switch (status) {
                    case ok -> JobState.SUCCEEDED;
                    case retry -> JobState.RETRYABLE;
                    case dead -> JobState.DEAD;
                };
        Throwable cause = status == null || status == Status.ok ? null : flight.cause;
        for (int i = scopes.length - 1; i >= 0; i--) {
            if (scopes[i] == null) {
                continue;
            }
            try {
                scopes[i].end(outcome, cause);
            } catch (RuntimeException | Error e) { // a missing class (NoClassDefFoundError) too
                log.warn(
                        "job interceptor {} failed on the end of job {} (id {}); the job's outcome stands",
                        interceptors[i],
                        flight.job.name(),
                        flight.job.id(),
                        e);
            }
        }
    }

    private void tellStarted(ClaimedJob job) {
        for (AttemptListener listener : listeners) {
            try {
                listener.started(job.name(), job.queue());
            } catch (RuntimeException | Error e) { // a missing class (NoClassDefFoundError) too
                log.warn(
                        "attempt listener {} failed on the start of job {} (id {}); the job goes on",
                        listener,
                        job.name(),
                        job.id(),
                        e);
            }
        }
    }

    private void tellFinished(ClaimedJob job, Status status, long delay, long process) {
        AttemptEvent.Outcome outcome = switch (status) {
            case ok -> AttemptEvent.Outcome.SUCCEEDED;
            case retry -> AttemptEvent.Outcome.FAILED;
            case dead -> AttemptEvent.Outcome.DEAD;
        };
        AttemptEvent event = new AttemptEvent(
                job.name(),
                job.queue(),
                job.id().value(),
                job.attempt(),
                outcome,
                Duration.ofNanos(Math.max(0, delay)),
                Duration.ofNanos(Math.max(0, process)),
                delay != TimingLog.UNKNOWN_DELAY);
        for (AttemptListener listener : listeners) {
            try {
                listener.finished(event);
            } catch (RuntimeException | Error e) { // a missing class (NoClassDefFoundError) too
                log.warn(
                        "attempt listener {} failed on the outcome of job {} (id {}); the job goes on",
                        listener,
                        job.name(),
                        job.id(),
                        e);
            }
        }
    }

    /** Logs what became of a finished attempt's outcome: {@code held} is null when the backend could not record it. */
    void recorded(ClaimedJob job, Status status, Boolean held, JobError error, Instant retryAt) {
        if (held == null) {
            log.error(
                    "job {} (id {}) attempt {} finished ({}) but the {} backend could not record it for a whole lease "
                            + "period; the job will be re-delivered when its lease expires",
                    job.name(),
                    job.id(),
                    job.attempt(),
                    status,
                    backend.name());
        } else if (!held) {
            log.warn(
                    "job {} (id {}) attempt {} finished ({}) after its lease was lost; the job was re-delivered and this "
                            + "attempt's outcome is discarded",
                    job.name(),
                    job.id(),
                    job.attempt(),
                    status);
        } else if (status != Status.ok) {
            log.warn(
                    "job {} (id {}) attempt {} of {} failed{}: {}",
                    job.name(),
                    job.id(),
                    job.attempt(),
                    job.maxAttempts(),
                    status == Status.dead ? " and is dead" : ", retry at " + retryAt,
                    error);
        }
    }

    /**
     * Tells the backend how the attempt ended. A backend that is briefly unreachable (a database
     * restart) is retried with backoff for up to one lease period, so a finished job is not run
     * again just because of a blip. Returns whether the lease was still held, or null on giving up.
     */
    private Boolean recordWithRetry(ClaimedJob job, Result result) {
        return BackendRetry.withinLease(
                leaseDuration,
                () -> "job " + job.name() + " (id " + job.id() + ") as " + result.status + " in the " + backend.name()
                        + " backend",
                () -> switch (result.status) {
                    case ok -> backend.complete(job.lease(), result.value);
                    case retry -> backend.fail(job.lease(), result.error, result.retryAt);
                    case dead -> backend.fail(job.lease(), result.error, null);
                });
    }

    private Result failure(ClaimedJob job, Throwable t) {
        JobError error = error(job, t);
        if (job.isLastAttempt()) {
            return new Result(Status.dead, null, error, null, t);
        }
        Duration wait = retryPolicy.backoff(job.attempt(), t);
        if (wait == null || wait.isNegative()) {
            log.warn(
                    "retry policy returned {} for job {} attempt {}; using the default backoff",
                    wait,
                    job.name(),
                    job.attempt());
            wait = fallbackPolicy.backoff(job.attempt(), t);
        }
        return new Result(Status.retry, null, error, clock.instant().plus(wait), t);
    }

    private Result unrunnable(ClaimedJob job, String type, String message) {
        return new Result(
                Status.dead, null, new JobError(job.attempt(), clock.instant(), type, message, ""), null, null);
    }

    private JobError error(ClaimedJob job, Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        // A driver error may quote a URL with its password: keep that out of the stored history.
        String message = t.getMessage() == null ? null : Secrets.redactUrl(t.getMessage());
        return new JobError(job.attempt(), clock.instant(), t.getClass().getName(), message, stack.toString());
    }

    /** @param cause what the job threw; null on success or when it could not run */
    private record Result(Status status, byte[] value, JobError error, Instant retryAt, Throwable cause) {}
}
