package dev.errand.backend.memory;

import java.time.Duration;
import java.time.Instant;

/** Who runs maintenance among the workers that share this backend in one JVM, and until when. */
final class MaintenanceLease {
    private String owner;
    private Instant until = Instant.MIN;

    /** Takes or keeps the lease for {@code owner}: free, expired at {@code now}, or already its own. */
    synchronized boolean lead(String owner, Duration term, Instant now) {
        if (this.owner != null && !this.owner.equals(owner) && now.isBefore(until)) {
            return false;
        }
        this.owner = owner;
        this.until = now.plus(term);
        return true;
    }

    synchronized void resign(String owner) {
        if (owner.equals(this.owner)) {
            this.owner = null;
            this.until = Instant.MIN;
        }
    }
}
