package dev.errand.backend.redis;

import dev.errand.backend.redis.ScriptCalls.Finished;
import dev.errand.backend.redis.ScriptCalls.Unknown;
import dev.errand.backend.redis.ScriptCalls.Watched;
import dev.errand.job.JobId;
import dev.errand.spi.Outcome;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The futures of {@code submit()}/{@code call()} callers, without a thread or a connection per
 * waiting job. {@code watch.lua} either returns the outcome of a job that already ended, or
 * records this instance's channel on the job; the script that ends the job then publishes the id
 * there, and one dispatcher thread reads the outcome and completes the future. One shared future
 * per job and instance; every caller gets its own copy, so cancelling one wait ends no other.
 */
final class Outcomes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

    private final Function<JobRef, Watched> watch;
    private final Function<JobId, String> unknownMessage;
    private final Map<JobId, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private static final long RETRY_MS = 1000;

    private final ScheduledExecutorService dispatcher;
    private volatile boolean closed;

    /**
     * @param watch          runs {@code watch.lua} for a job with this instance's channel
     * @param unknownMessage the message for a job Redis does not know
     */
    Outcomes(Function<JobRef, Watched> watch, Function<JobId, String> unknownMessage, String threadName) {
        this.watch = watch;
        this.unknownMessage = unknownMessage;
        this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    CompletableFuture<Outcome> outcome(JobRef ref) {
        JobId id = ref.id();
        CompletableFuture<Outcome> created = new CompletableFuture<>();
        CompletableFuture<Outcome> shared = pending.putIfAbsent(id, created);
        if (shared == null) {
            shared = created;
            try {
                settle(ref, shared, watch.apply(ref));
            } catch (RuntimeException e) {
                // Redis is unreachable for now (a partition, a restart): the job may well be running, so keep
                // waiting and look again, as after a lost subscription; the caller's own timeout bounds the wait.
                log.warn(
                        "could not start waiting for the outcome of job {} in Redis ({}); looking again in {} ms",
                        id,
                        e.toString(),
                        RETRY_MS);
                scheduleRecheck();
            }
        }
        return shared.copy();
    }

    /** A job this instance waits for has ended (a message on its channel): look it up off the reader thread. */
    void ended(String id) {
        JobId jobId;
        try {
            jobId = JobId.of(id);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (pending.containsKey(jobId)) {
            submit(() -> recheck(jobId));
        }
    }

    /** The channel was (re)subscribed: endings published while it was not may be lost, so look again. */
    void recheckAll() {
        if (!pending.isEmpty()) {
            submit(this::recheckPending);
        }
    }

    private void recheckPending() {
        for (JobId id : pending.keySet()) {
            if (!recheck(id)) {
                return; // recheck() scheduled another round
            }
        }
    }

    /** Looks the job up again; on a Redis error schedules another look at every pending job, and returns false. */
    private boolean recheck(JobId id) {
        CompletableFuture<Outcome> future = pending.get(id);
        JobRef ref = JobRef.parse(id).orElse(null);
        if (future == null || ref == null || closed) {
            return true;
        }
        try {
            settle(ref, future, watch.apply(ref));
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "could not read the outcome of job {} from Redis ({}); looking again in {} ms",
                    id,
                    e.toString(),
                    RETRY_MS);
            scheduleRecheck();
            return false;
        }
    }

    /** Another look at every pending job in {@link #RETRY_MS}. */
    private void scheduleRecheck() {
        try {
            dispatcher.schedule(this::recheckPending, RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed: close() fails the pending futures
        }
    }

    private void settle(JobRef ref, CompletableFuture<Outcome> future, Watched watched) {
        if (watched instanceof Finished f) {
            pending.remove(ref.id(), future);
            future.complete(f.outcome());
        } else if (watched instanceof Unknown) {
            pending.remove(ref.id(), future);
            future.completeExceptionally(new NoSuchElementException(unknownMessage.apply(ref.id())));
        }
    }

    private void submit(Runnable task) {
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: close() fails the pending futures
        }
    }

    /** The dispatcher's thread, for other light periodic work of the backend (the pub/sub check); stops on {@link #close()}. */
    ScheduledExecutorService timer() {
        return dispatcher;
    }

    int pendingCount() {
        return pending.size();
    }

    /** Fails every pending future: the jobs go on in Redis, but this instance will not hear of them. */
    @Override
    public void close() {
        closed = true;
        dispatcher.shutdownNow();
        pending.forEach((id, future) ->
                future.completeExceptionally(new IllegalStateException("the redis backend was" + " closed before job "
                        + id + " ended; the job is still in Redis: ask a new backend for its outcome")));
        pending.clear();
    }
}
