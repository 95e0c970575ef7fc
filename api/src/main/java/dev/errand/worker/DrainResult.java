package dev.errand.worker;

/**
 * What {@link Worker#drain()} ran: attempts that succeeded, failed and will be retried, and
 * failed for good.
 */
public record DrainResult(int succeeded, int retried, int dead) {
    public int attempts() {
        return succeeded + retried + dead;
    }
}
