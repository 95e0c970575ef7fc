package dev.errand.bench;

import dev.errand.bench.backend.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Wall time, allocation and round trips over one measured stretch of a scenario. */
final class Meter {
    private final Target target;
    private final Map<String, Long> roundTrips;
    private final Allocation allocation;
    private final long startNanos;
    private final ProcessStats process;
    private final long serverPid;
    private final long serverCpu;

    private Meter(Target target) {
        this.target = target;
        this.roundTrips = target.roundTrips();
        this.allocation = Allocation.snapshot();
        this.process = ProcessStats.now();
        this.serverPid = target.serverPort() > 0 ? ServerCpu.pidListeningOn(target.serverPort()) : -1;
        this.serverCpu = ServerCpu.cpuNanos(serverPid);
        this.startNanos = System.nanoTime();
    }

    static Meter start(Target target) {
        return new Meter(target);
    }

    /** Stops the meter; per-job figures are divided by {@code jobs}. */
    Reading stop(long jobs) {
        long elapsed = System.nanoTime() - startNanos;
        ProcessStats after = ProcessStats.now();
        String cpu = process.cpuNanos() < 0
                ? ""
                : String.format(
                        Locale.ROOT,
                        "JVM cpu %.1f µs/job (%.0f%% of %d cores)",
                        (after.cpuNanos() - process.cpuNanos()) / 1e3 / jobs,
                        100.0
                                * (after.cpuNanos() - process.cpuNanos())
                                / elapsed
                                / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors());
        if (process.contextSwitches() >= 0 && after.contextSwitches() >= 0) {
            cpu += String.format(
                    Locale.ROOT,
                    ", %s context switches/job",
                    perJob((double) (after.contextSwitches() - process.contextSwitches()) / jobs));
        }
        long serverCpuAfter = ServerCpu.cpuNanos(serverPid);
        if (serverCpu >= 0 && serverCpuAfter >= 0) {
            cpu += String.format(
                    Locale.ROOT,
                    "%sserver cpu %.1f µs/job",
                    cpu.isEmpty() ? "" : ", ",
                    (serverCpuAfter - serverCpu) / 1e3 / jobs);
        }
        long allocated = Allocation.snapshot().since(allocation);
        Map<String, Long> trips = target.roundTrips();
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : trips.entrySet()) {
            long delta = e.getValue() - roundTrips.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                total += delta;
                parts.add(e.getKey() + " " + perJob((double) delta / jobs));
            }
        }
        double perJob = trips.isEmpty() ? Double.NaN : (double) total / jobs;
        return new Reading(elapsed, (double) allocated / jobs, perJob, String.join(", ", parts), cpu);
    }

    /** Two decimals, or enough to show a batch's share (a commit per 1,000 jobs is 0.001). */
    static String perJob(double v) {
        return String.format(Locale.ROOT, v >= 0.1 ? "%.2f" : v >= 0.001 ? "%.3f" : "%.5f", v);
    }

    /**
     * @param nanos      wall time
     * @param allocBytes bytes allocated per job
     * @param roundTrips round trips per job, NaN for a backend without a server
     * @param breakdown  round trips per job by kind, e.g. {@code stmt 2.00, commit 1.00}
     * @param cpu        this JVM's CPU time and context switches per job, and the server's CPU time per job, as text
     */
    record Reading(long nanos, double allocBytes, double roundTrips, String breakdown, String cpu) {
        double perSecond(long jobs) {
            return jobs * 1e9 / nanos;
        }

        /** Round trips by kind, then this JVM's CPU and context switches per job. */
        String rtNote() {
            return (breakdown.isEmpty() ? "" : "round trips: " + breakdown + "; ") + cpu;
        }
    }
}
