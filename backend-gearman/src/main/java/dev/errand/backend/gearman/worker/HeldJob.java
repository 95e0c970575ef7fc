package dev.errand.backend.gearman.worker;

import dev.errand.job.JobDefinition;
import dev.errand.job.JobId;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import java.time.Duration;
import java.time.Instant;

/**
 * The Gearman job a slot holds: from {@code JOB_ASSIGN_UNIQ} until its final packet is sent or the connection drops.
 * Between inline attempts {@link #retryDue} says when the next one may start.
 */
final class HeldJob {
    final JobId id;
    final String handle;
    /** The handle as gearmand sent it, for the job's final packets. */
    final byte[] handleBytes;

    final JobDefinition<?> definition;
    final byte[] workload;
    final Instant enqueuedAt;
    final boolean enqueueTimeKnown;
    final int maxAttempts;
    Lease lease;
    Instant retryDue;

    HeldJob(
            JobId id,
            String handle,
            byte[] handleBytes,
            JobDefinition<?> definition,
            byte[] workload,
            Instant enqueuedAt,
            boolean enqueueTimeKnown,
            int maxAttempts,
            Lease lease) {
        this.id = id;
        this.handle = handle;
        this.handleBytes = handleBytes;
        this.definition = definition;
        this.workload = workload;
        this.enqueuedAt = enqueuedAt;
        this.enqueueTimeKnown = enqueueTimeKnown;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
    }

    ClaimedJob claimed() {
        Duration timeout = definition.timeout();
        return new ClaimedJob(
                id,
                definition.name(),
                definition.queue(),
                definition.priority(),
                workload,
                definition.fingerprint(),
                lease.attempt(),
                maxAttempts,
                timeout,
                enqueuedAt,
                enqueuedAt,
                lease,
                enqueueTimeKnown);
    }
}
