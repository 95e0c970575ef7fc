package dev.errand.spi;

import dev.errand.job.JobId;
import java.util.Objects;

/**
 * A worker's claim on one attempt of a job. Backends fence every change of a running job on
 * {@code (id, owner, attempt)}: a worker whose lease expired and whose job was re-delivered
 * cannot complete, fail or renew the newer attempt.
 */
public record Lease(JobId id, String owner, int attempt) {
    public Lease {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(owner, "owner == null");
    }
}
