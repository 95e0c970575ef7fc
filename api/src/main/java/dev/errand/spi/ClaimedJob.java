package dev.errand.spi;

import dev.errand.job.JobId;
import java.time.Duration;
import java.time.Instant;

/**
 * A job a worker has claimed: what it needs to run one attempt and to write the timing log.
 *
 * @param attempt the attempt now running, from 1
 * @param enqueuedAt when the job was enqueued; when that is unknown, any instant (the claim's, say)
 * @param enqueueTimeKnown false when the backend cannot know when the job was enqueued (a Gearman job submitted by a
 *     client that is not Errand's): its timing-log line then says {@code delay_ms=unknown}
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
        Lease lease,
        boolean enqueueTimeKnown) {

    /** A job whose enqueue time is known, as every backend but Gearman claims them. */
    public ClaimedJob(
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
        this(
                id,
                name,
                queue,
                priority,
                payload,
                fingerprint,
                attempt,
                maxAttempts,
                timeout,
                enqueuedAt,
                runAt,
                lease,
                true);
    }

    /** The instant from which waiting counts as delay: enqueue time, or runAt when scheduled later. */
    public Instant eligibleAt() {
        return runAt.isAfter(enqueuedAt) ? runAt : enqueuedAt;
    }

    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
