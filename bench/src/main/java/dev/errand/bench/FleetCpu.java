package dev.errand.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU of a {@link FleetScenario} run goes, from {@code /proc} (Linux): the worker processes' (utime + stime,
 * split by kind of thread, from their names), the server's ({@link ServerCpu}), this JVM's, and the machine's idle
 * share ({@code /proc/stat}). Divided by the jobs of a stretch it tells whether adding processes costs more CPU per job
 * (and on which side) or only shares the same cores.
 */
final class FleetCpu {
    /** The kinds of thread, by the start of the name the JVM gives its native thread (15 characters at most). */
    private static final Map<String, String> KINDS = kinds();

    private static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * @param fleet  the worker processes' CPU nanoseconds, by kind of thread, and {@code total} (threads that ended
     *               included)
     * @param server the server's CPU nanoseconds, -1 if unknown
     * @param bench  this JVM's
     * @param ticks  the machine's CPU time so far, in ticks of all cores
     * @param idle   of which idle (idle + iowait)
     */
    record Snapshot(Map<String, Long> fleet, long server, long bench, long ticks, long idle, long nanoTime) {}

    private FleetCpu() {}

    private static Map<String, String> kinds() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("errand-job-", "job threads");
        k.put("errand-fetch", "fetch");
        k.put("errand-complet", "complete");
        k.put("errand-supervis", "supervisor");
        k.put("errand-jdbc-lis", "listen");
        k.put("errand-redis-pu", "listen");
        k.put("C1 CompilerThre", "JIT");
        k.put("C2 CompilerThre", "JIT");
        k.put("VM Thread", "GC and VM");
        k.put("GC Thread", "GC and VM");
        return k;
    }

    static Snapshot take(List<Process> fleet, long serverPid) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (Process p : fleet) {
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            byKind.merge("total", ticks(proc.resolve("stat")), Long::sum);
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String kind = kindOf(read(task.resolve("comm")).trim());
                    if (kind != null) {
                        byKind.merge(kind, ticks(task.resolve("stat")), Long::sum);
                    }
                }
            } catch (IOException e) {
                // a process that ended: its threads count for nothing here
            }
        }
        byKind.replaceAll((k, v) -> v * NANOS_PER_TICK);
        long[] machine = machineTicks();
        ProcessStats bench = ProcessStats.now();
        return new Snapshot(
                byKind, ServerCpu.cpuNanos(serverPid), bench.cpuNanos(), machine[0], machine[1], System.nanoTime());
    }

    private static String kindOf(String threadName) {
        for (Map.Entry<String, String> k : KINDS.entrySet()) {
            if (threadName.startsWith(k.getKey())) {
                return k.getValue();
            }
        }
        return null;
    }

    /**
     * What happened between two snapshots, per job: {@code fleet 120 µs (job threads 40, ...), server 80 µs, bench 5
     * µs; machine 3 % idle}.
     */
    static String perJob(Snapshot a, Snapshot b, long jobs) {
        long ticks = b.ticks() - a.ticks();
        return String.format(
                Locale.ROOT,
                "CPU per job: fleet %s, server %s, bench %.0f µs; machine %.0f %% idle",
                fleet(a, b, jobs),
                server(a, b, jobs),
                (b.bench() - a.bench()) / 1e3 / jobs,
                ticks <= 0 ? Double.NaN : 100.0 * (b.idle() - a.idle()) / ticks);
    }

    /** What an idle fleet and the server cost between two snapshots, per process and second. */
    static String idle(Snapshot a, Snapshot b, int processes) {
        double seconds = (b.nanoTime() - a.nanoTime()) / 1e9;
        return String.format(
                Locale.ROOT,
                "idle, the queue paused: fleet %s of CPU per process and second, server %s per second",
                fleet(a, b, processes * seconds),
                server(a, b, seconds));
    }

    /** The fleet's CPU between two snapshots in µs per {@code unit}, and its kinds of thread. */
    private static String fleet(Snapshot a, Snapshot b, double unit) {
        StringBuilder kinds = new StringBuilder();
        long classified = 0;
        for (String kind : new LinkedHashSet<>(KINDS.values())) {
            long d = b.fleet().getOrDefault(kind, 0L) - a.fleet().getOrDefault(kind, 0L);
            classified += d;
            kinds.append(String.format(Locale.ROOT, "%s %.0f, ", kind, d / 1e3 / unit));
        }
        long total = b.fleet().getOrDefault("total", 0L) - a.fleet().getOrDefault("total", 0L);
        // The kernel rounds a process's time and its threads' times apart: a small negative rest is rounding.
        kinds.append(String.format(Locale.ROOT, "other %.0f", Math.max(0, total - classified) / 1e3 / unit));
        return String.format(Locale.ROOT, "%.0f µs (%s)", total / 1e3 / unit, kinds);
    }

    private static String server(Snapshot a, Snapshot b, double unit) {
        return a.server() < 0 || b.server() < 0
                ? "?"
                : String.format(Locale.ROOT, "%.0f µs", (b.server() - a.server()) / 1e3 / unit);
    }

    /** utime + stime of a {@code stat} file, in ticks; 0 if it cannot be read. */
    private static long ticks(Path stat) {
        String s = read(stat);
        if (s.isEmpty()) {
            return 0;
        }
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The machine's {@code cpu} line of {@code /proc/stat}: all ticks, and the idle and iowait ones. */
    private static long[] machineTicks() {
        String[] f = read(Path.of("/proc/stat"))
                .lines()
                .findFirst()
                .orElse("cpu")
                .trim()
                .split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, f.length > 5 ? Long.parseLong(f[4]) + Long.parseLong(f[5]) : 0};
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
