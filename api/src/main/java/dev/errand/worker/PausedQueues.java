package dev.errand.worker;

import dev.errand.spi.Backend;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The worker's queues minus those an operator paused ({@link Backend#pause}), read from the backend at most once per
 * {@link #REFRESH}: the claim itself stays one round trip, and a pause reaches every worker within that time. Used
 * by the fetcher and, on an {@link Backend#inProcess} backend, by the job threads as they claim their own batches.
 */
final class PausedQueues {
    /** How old the paused set may be: a pause or resume takes effect on every worker within about this. */
    static final Duration REFRESH = Duration.ofSeconds(1);

    private final Backend backend;
    private final Set<String> queues;
    private final LongSupplier nanoTime;
    private Set<String> active;
    private volatile boolean somePaused;
    private long readAt;
    private boolean read;

    PausedQueues(Backend backend, Set<String> queues, LongSupplier nanoTime) {
        this.backend = backend;
        this.queues = Set.copyOf(queues);
        this.nanoTime = nanoTime;
        this.active = this.queues;
    }

    /** The queues to claim from now; reads the paused set when the last read is {@link #REFRESH} old. */
    synchronized Set<String> active() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= REFRESH.toNanos()) {
            Set<String> paused = backend.pausedQueues();
            readAt = now;
            read = true;
            somePaused = !paused.isEmpty() && queues.stream().anyMatch(paused::contains);
            if (somePaused) {
                Set<String> left = new HashSet<>(queues);
                left.removeAll(paused);
                active = Set.copyOf(left);
            } else {
                active = queues;
            }
        }
        return active;
    }

    /** How long an idle fetcher may wait before it looks again: capped at {@link #REFRESH} while a queue is paused. */
    Duration idleWait(Duration wanted) {
        return somePaused && wanted.compareTo(REFRESH) > 0 ? REFRESH : wanted;
    }
}
