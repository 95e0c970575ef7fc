package dev.errand.spi;

import dev.errand.job.JobId;
import java.time.Duration;
import java.time.Instant;

/**
 * A job a worker has claimed: what it needs to run one attempt and to write the timing log.
 *
 * @param attempt the attempt now running, from 1
 */
public record ClaimedJob(
        JobId id,
        String name,
        String queue,
        int priority,
        byte[] payload,
        String fingerprint,
        int attempt,
        int maxAttempts,
        Duration timeout,
        Instant enqueuedAt,
        Instant runAt,
        Lease lease) {

    /** The instant from which waiting counts as delay: enqueue time, or runAt when scheduled later. */
    public Instant eligibleAt() {
        return runAt.isAfter(enqueuedAt) ? runAt : enqueuedAt;
    }

    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
