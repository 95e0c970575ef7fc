package dev.errand.testkit;

import java.time.Duration;
import java.util.List;

/** Joining the fault scenarios' producer threads, failing with the stack of one that hangs. */
final class Threads {
    private Threads() {}

    /** Joins each thread for up to {@code max}; one still alive fails the test, its stack in the message. */
    static void joinOrFail(List<Thread> threads, Duration max, String context) throws InterruptedException {
        for (Thread t : threads) {
            t.join(max.toMillis());
            if (t.isAlive()) {
                StringBuilder stack = new StringBuilder();
                for (StackTraceElement e : t.getStackTrace()) {
                    stack.append("\n\tat ").append(e);
                }
                throw new AssertionError(context + t.getName() + " hangs in enqueue " + max.toSeconds()
                        + " s after it was asked to stop:" + stack);
            }
        }
    }
}
