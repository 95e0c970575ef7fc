package dev.errand.cli;

import dev.errand.manager.ChildMain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A manager process and the child JVMs it started: found, killed with SIGKILL and awaited. */
final class ProcessTree {
    private static final Pattern CHILD_PID = Pattern.compile(" start group=\\S+ pid=(\\d+) ");

    private ProcessTree() {}

    /** The process and every live descendant, the process first. */
    static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** SIGKILL to every process, one right after the other: no handler runs in any of them. */
    static void kill(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
    }

    /** Waits (bounded) until every process has exited; fails naming those that did not. */
    static void awaitExit(List<ProcessHandle> processes, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        List<Long> alive = new ArrayList<>();
        for (ProcessHandle p : processes) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!p.onExit()
                    .thenApply(x -> true)
                    .completeOnTimeout(false, left, TimeUnit.NANOSECONDS)
                    .get()) {
                alive.add(p.pid());
            }
        }
        if (!alive.isEmpty()) {
            throw new AssertionError("processes " + alive + " still run " + max.toSeconds() + " s after SIGKILL");
        }
    }

    /** An errand process (a pid may be reused): the manager ({@code errand}) or one of its children. */
    static boolean isErrand(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(c -> c.contains("dev.errand.cli.Main") || c.contains(ChildMain.class.getName()))
                .orElse(false);
    }

    /**
     * After a test: SIGKILL the manager, its descendants and every child JVM its log names that
     * still runs (orphans included), so nothing outlives the test.
     */
    static void cleanUp(Process manager, ManagedSetup setup) {
        if (manager != null) {
            kill(of(manager.toHandle()));
        }
        if (setup != null) {
            for (String line : setup.lines("manager.log")) {
                Matcher m = CHILD_PID.matcher(line);
                if (m.find()) {
                    ProcessHandle.of(Long.parseLong(m.group(1)))
                            .filter(ProcessTree::isErrand)
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
