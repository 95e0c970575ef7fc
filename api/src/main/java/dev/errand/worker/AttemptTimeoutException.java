package dev.errand.worker;

/** Recorded as the error of an attempt that ran longer than its {@code @Job(timeout)}. */
public final class AttemptTimeoutException extends RuntimeException {
    public AttemptTimeoutException(String message) {
        super(message, null, false, false);
    }
}
