package dev.errand.testkit;

import dev.errand.job.JobError;
import dev.errand.job.JobInfo;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The child side of a secrets test: runs named steps that are expected to fail in every way a
 * misconfigured or broken deployment fails, and writes everything a user could get to see about
 * each failure to standard output: {@code toString()}, message, every cause and suppressed
 * exception, the stack trace, and job states and error histories. The parent test then checks
 * that the secret appears nowhere in that output (nor in the log output of the same JVM).
 */
public final class LeakScenario {
    private LeakScenario() {}

    /** A step that may throw anything. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Sends java.util.logging (used by some JDBC drivers) at every level to standard error. */
    public static void verboseJulLogging() {
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(Level.ALL);
        for (Handler h : root.getHandlers()) {
            h.setLevel(Level.ALL);
        }
    }

    /** Runs the step, printing a start and end marker and everything about a failure. */
    public static void step(String name, Step step) {
        System.out.println("[scenario] " + name);
        try {
            step.run();
            System.out.println("[scenario] " + name + " completed");
        } catch (Throwable t) {
            System.out.println("[scenario] " + name + " failed: " + t);
            expose(t);
        }
        System.out.flush();
    }

    /** Everything about a throwable: each link's toString and message, then the full stack trace. */
    public static void expose(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            System.out.println("  cause[" + depth + "] " + c + " | message=" + c.getMessage() + " | localized="
                    + c.getLocalizedMessage());
        }
        t.printStackTrace(System.out);
    }

    /** A job's state and its whole error history, stack traces included. */
    public static void expose(JobInfo info) {
        System.out.println("  job " + info);
        for (JobError e : info.errors()) {
            System.out.println("  error " + e + "\n" + e.stackTrace());
        }
    }

    /** Prints a labelled value. */
    public static void show(String label, Object value) {
        System.out.println("  " + label + ": " + value);
    }
}
