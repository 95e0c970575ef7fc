package dev.errand.spi;

import java.util.Objects;

/**
 * One succeeded attempt to record with {@link Backend#completeAll}: its lease and its encoded
 * result ({@code null} for a job that returns nothing).
 */
public record Completion(Lease lease, byte[] result) {
    public Completion {
        Objects.requireNonNull(lease, "lease == null");
    }
}
