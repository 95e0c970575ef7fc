package dev.errand.worker;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an outcome in a backend that may be briefly unreachable (a database restart): retried
 * with a backoff from 50 ms to 2 s for up to one lease period, so a finished job is not run again
 * just because of a blip. Past the lease the job would be re-delivered anyway, so it gives up.
 */
final class BackendRetry {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private BackendRetry() {}

    /**
     * The call's result, or null when it kept failing for {@code lease} or the thread was interrupted. {@code what}
     * names what is recorded, in log lines only: it is built only when one is written, not on every record.
     */
    static <T> T withinLease(Duration lease, Supplier<String> what, Supplier<T> call) {
        long deadline = System.nanoTime() + lease.toNanos();
        long pauseMillis = 50;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
                    log.error("giving up recording {}", what.get(), e);
                    return null;
                }
                log.warn("could not record {} ({}); retrying in {} ms", what.get(), e.toString(), pauseMillis);
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                pauseMillis = Math.min(pauseMillis * 2, 2000);
            }
        }
    }
}
