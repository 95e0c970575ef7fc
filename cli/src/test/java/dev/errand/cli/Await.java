package dev.errand.cli;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting on a condition that processes change (files, job states): polls (every 50 ms unless told) until it holds or time is up. */
final class Await {
    private Await() {}

    static void until(String what, Duration max, BooleanSupplier condition) {
        until(what, max, condition, () -> "");
    }

    /** Fails with {@code what} and the {@code state} at the deadline. */
    static void until(String what, Duration max, BooleanSupplier condition, Supplier<String> state) {
        until(what, max, Duration.ofMillis(50), condition, state);
    }

    /** The same, polling every {@code every}: for conditions that cost a query over many rows. */
    static void until(String what, Duration max, Duration every, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting until " + what + "\n" + state.get());
            }
            LockSupport.parkNanos(every.toNanos());
        }
    }
}
