package dev.errand.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One failed attempt of a job, as kept in its error history.
 *
 * @param attempt    the attempt that failed, from 1
 * @param at         when it failed
 * @param type       the exception class name (or a reason such as {@code LeaseExpired})
 * @param message    the exception message
 * @param stackTrace the formatted stack trace, possibly empty
 */
public record JobError(int attempt, Instant at, String type, String message, String stackTrace) {
    public JobError {
        Objects.requireNonNull(at, "at == null");
        Objects.requireNonNull(type, "type == null");
        message = message == null ? "" : message;
        stackTrace = stackTrace == null ? "" : stackTrace;
    }

    @Override
    public String toString() {
        return "attempt " + attempt + " at " + at + ": " + type + (message.isEmpty() ? "" : ": " + message);
    }
}
