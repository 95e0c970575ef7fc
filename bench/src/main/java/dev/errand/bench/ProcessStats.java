package dev.errand.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and the context switches of its threads (Linux {@code /proc/self/task}):
 * with them a row tells whether a backend is CPU-bound in this process or waits, and how many
 * thread hand-offs a job costs. Threads that end in between take their switches with them.
 */
record ProcessStats(long cpuNanos, long contextSwitches) {
    private static final Path TASKS = Path.of("/proc/self/task");

    static ProcessStats now() {
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        return new ProcessStats(cpu, readContextSwitches());
    }

    private static long readContextSwitches() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }
}
