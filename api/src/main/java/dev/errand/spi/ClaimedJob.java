package dev.errand.spi;

import dev.errand.job.JobHeaders;
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
 * @param headers the headers stored with the job; empty on a backend without {@code Capability.HEADERS}
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
        boolean enqueueTimeKnown,
        JobHeaders headers) {

    public ClaimedJob {
        java.util.Objects.requireNonNull(headers, "headers == null");
    }

    /** A job without headers; see {@link #enqueueTimeKnown()}. */
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
            Lease lease,
            boolean enqueueTimeKnown) {
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
                enqueueTimeKnown,
                JobHeaders.empty());
    }

    /** A job whose enqueue time is known, without headers. */
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
                true,
                JobHeaders.empty());
    }

    /** The instant from which waiting counts as delay: enqueue time, or runAt when scheduled later. */
    public Instant eligibleAt() {
        return runAt.isAfter(enqueuedAt) ? runAt : enqueuedAt;
    }

    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
