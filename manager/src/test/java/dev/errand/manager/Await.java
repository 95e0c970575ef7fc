package dev.errand.manager;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting on a condition that processes change (files, job states): polls every 50 ms until it holds or time is up. */
final class Await {
    private Await() {}

    static void until(String what, Duration max, BooleanSupplier condition) {
        until(what, max, condition, () -> "");
    }

    /** Fails with {@code what} and the {@code state} at the deadline. */
    static void until(String what, Duration max, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting until " + what + "\n" + state.get());
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }
}
