package dev.errand.spi;

import dev.errand.job.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How deep one queue is, by state, at one moment: what {@code errand queues} shows.
 *
 * @param queue           the queue's name
 * @param available       jobs that are due and wait for a worker (including scheduled and retrying jobs that came due)
 * @param scheduled       jobs waiting for their first {@code runAt}
 * @param running         jobs claimed under a lease
 * @param retryable       jobs waiting for a retry's backoff
 * @param oldestAvailable when the longest-waiting available job became due (its {@code runAt}); empty when none is available
 */
public record QueueStats(
        String queue, long available, long scheduled, long running, long retryable, Optional<Instant> oldestAvailable) {
    public QueueStats {
        Names.checkQueue(queue);
        Objects.requireNonNull(oldestAvailable, "oldestAvailable == null");
        if (available < 0 || scheduled < 0 || running < 0 || retryable < 0) {
            throw new IllegalArgumentException("negative count in stats of queue " + queue + ": available " + available
                    + ", scheduled " + scheduled + ", running " + running + ", retryable " + retryable);
        }
    }

    /** Every job of the queue that is not finished. */
    public long total() {
        return available + scheduled + running + retryable;
    }

    /** How long the oldest available job has waited at {@code now}: zero when none is available. */
    public Duration oldestAge(Instant now) {
        return oldestAvailable
                .map(t -> now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO)
                .orElse(Duration.ZERO);
    }
}
