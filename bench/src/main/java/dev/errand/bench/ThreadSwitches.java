package dev.errand.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The context switches of this JVM's threads by thread (Linux {@code /proc/self/task}), to tell which threads wake
 * per job: {@link #since} groups them by name without the trailing number ({@code errand-job-benc} for every job
 * thread: the kernel keeps 15 characters of a name). A thread that ended in between is left out.
 */
record ThreadSwitches(Map<String, Long> byTask, Map<String, String> names) {
    private static final Path TASKS = Path.of("/proc/self/task");

    static ThreadSwitches now() {
        Map<String, Long> byTask = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    long n = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            n += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    String id = task.getFileName().toString();
                    byTask.put(id, n);
                    names.put(id, Files.readString(task.resolve("comm")).trim());
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to tell
        }
        return new ThreadSwitches(byTask, names);
    }

    /** Switches per thread group from {@code before} to this; a thread started in between counts from zero. */
    Map<String, Long> since(ThreadSwitches before) {
        Map<String, Long> groups = new TreeMap<>();
        for (Map.Entry<String, Long> e : byTask.entrySet()) {
            long n = e.getValue() - before.byTask.getOrDefault(e.getKey(), 0L);
            if (n > 0) {
                groups.merge(group(names.get(e.getKey())), n, Long::sum);
            }
        }
        return groups;
    }

    private static String group(String name) {
        return name.replaceAll("[-#]?\\d+$", "");
    }
}
