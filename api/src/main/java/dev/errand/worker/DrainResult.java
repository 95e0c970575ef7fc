package dev.errand.worker;

/**
 * What {@link Worker#drain()} ran, or what a started worker finished since its start
 * ({@link Worker#stats()}): attempts that succeeded, failed and will be retried, and failed for
 * good. Counts are {@code long}: a long-running worker passes {@link Integer#MAX_VALUE}.
 */
public record DrainResult(long succeeded, long retried, long dead) {
    public long attempts() {
        return succeeded + retried + dead;
    }
}
