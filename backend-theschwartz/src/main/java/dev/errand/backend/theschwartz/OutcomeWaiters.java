package dev.errand.backend.theschwartz;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Futures of callers waiting for jobs to finish, completed by polling the tables every {@code pollInterval}: the
 * tables have no triggers to tell us. A job that leaves no exit status (a Perl worker class that keeps none) fails its
 * future saying that its outcome is unknown.
 */
final class OutcomeWaiters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWaiters.class);

    private final JobStates states;
    private final Clock clock;
    private final Map<JobId, List<CompletableFuture<Outcome>>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    OutcomeWaiters(JobStates states, Clock clock, Duration pollInterval) {
        this.states = states;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "errand-theschwartz-outcomes");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(10, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Outcome> await(JobId id) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        Optional<JobInfo> now = states.find(id, clock.instant().getEpochSecond());
        if (now.isEmpty()) {
            future.completeExceptionally(
                    new NoSuchElementException(
                            "no TheSchwartz job " + id
                                    + " (no job row and no exitstatus row: unknown, or finished by a worker that keeps no exit status)"));
            return future;
        }
        Optional<Outcome> done = states.outcome(id, clock.instant().getEpochSecond());
        if (done.isPresent()) {
            future.complete(done.get());
            return future;
        }
        waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(future);
        return future;
    }

    private void poll() {
        for (JobId id : List.copyOf(waiting.keySet())) {
            try {
                long now = clock.instant().getEpochSecond();
                Optional<JobInfo> info = states.find(id, now);
                if (info.isEmpty()) {
                    finish(
                            id,
                            null,
                            new IllegalStateException("TheSchwartz job " + id + " finished without an exit status (the"
                                    + " worker class keeps none: Perl's keep_exit_status_for, or "
                                    + TheSchwartzKeys.KEEP_EXIT_STATUS_FOR.key() + " of a Java worker, is 0);"
                                    + " outcome unknown"));
                } else if (info.get().state().isFinal()) {
                    states.outcome(id, now).ifPresent(o -> finish(id, o, null));
                }
            } catch (RuntimeException e) {
                log.warn("cannot poll the outcome of TheSchwartz job {}; trying again", id, e);
            }
        }
    }

    private void finish(JobId id, Outcome outcome, RuntimeException error) {
        List<CompletableFuture<Outcome>> futures = waiting.remove(id);
        if (futures != null) {
            for (CompletableFuture<Outcome> f : futures) {
                if (error != null) {
                    f.completeExceptionally(error);
                } else {
                    f.complete(outcome);
                }
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        IllegalStateException closed = new IllegalStateException("the TheSchwartz backend closed");
        for (JobId id : List.copyOf(waiting.keySet())) {
            finish(id, null, closed);
        }
    }
}
