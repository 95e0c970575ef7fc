package dev.errand.bench;

import dev.errand.bench.backend.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the whole benchmark and prints one table; {@code jmh ...} runs the JMH suite instead.
 * See {@link BenchOptions#USAGE} and {@code bench/README.md}.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("metrics")) {
            MetricsOverhead.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("dashboard")) {
            DashboardScenario.main(Arrays.copyOfRange(args, 1, args.length), System.err, System.out);
            return;
        }
        if (args.length > 0 && args[0].equals("theschwartz")) {
            TheSchwartzScenario.main(Arrays.copyOfRange(args, 1, args.length), System.err, System.out);
            return;
        }
        if (args.length > 0 && args[0].equals("replicas")) {
            ReplicasScenario.main(Arrays.copyOfRange(args, 1, args.length), System.err, System.out);
            return;
        }
        if (args.length > 0 && args[0].equals("gearman")) {
            GearmanBench.main(Arrays.copyOfRange(args, 1, args.length), System.err, System.out);
            return;
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = run(options, System.err);
        System.out.print(result.text());
        if (options.out() != null) {
            System.err.println("wrote " + options.out());
        }
        System.exit(result.failures() == 0 ? 0 : 1);
    }

    /** The rows, the whole printed text, and how many backends failed. */
    record Result(List<Row> rows, String text, int failures) {}

    static Result run(BenchOptions options, PrintStream progress) {
        if (!Allocation.supported()) {
            progress.println("this JVM does not measure allocation per thread; alloc/job stays empty");
        }
        String machine = machine();
        Mode mode = options.mode();
        List<Row> rows = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        int failures = 0;
        for (String name : options.backends()) {
            try (Target target = Target.named(name, options.serverOptions())) {
                Scenarios scenarios = new Scenarios(target, mode, options.properties(), progress);
                int first = mode.workers().get(0);
                try {
                    if (options.scenarios().contains("burst")) {
                        rows.addAll(scenarios.bursts(options.timingsFor(name)));
                    }
                    if (options.scenarios().contains("single")) {
                        rows.add(scenarios.enqueueSingle());
                    }
                    if (options.scenarios().contains("steady")) {
                        for (int w : mode.workers()) {
                            rows.add(scenarios.steady(w));
                        }
                    }
                    if (options.scenarios().contains("call")) {
                        rows.add(scenarios.call(first));
                    }
                    if (options.scenarios().contains("fanout")) {
                        rows.add(scenarios.fanOut(first));
                    }
                    if (options.scenarios().contains("idle")) {
                        rows.add(scenarios.idleWake(first));
                    }
                    if (options.scenarios().contains("start")) {
                        rows.add(scenarios.workerStart(first));
                    }
                    if (options.scenarios().contains("deep")) {
                        rows.addAll(scenarios.deepQueue(first));
                    }
                    if (options.scenarios().contains("scheduled")) {
                        rows.addAll(scenarios.scheduledAhead(first));
                    }
                    if (options.scenarios().contains("retention") && target.countsFinishedJobs()) {
                        rows.add(scenarios.retention(first));
                    }
                    if (options.scenarios().contains("fleet")) {
                        FleetScenario fleet =
                                new FleetScenario(target, options.properties(), progress, options.fleetWarm());
                        for (int processes : options.fleet()) {
                            rows.add(fleet.run(processes, options.fleetThreads(), mode.burst() * target.scale()));
                        }
                    }
                    if (options.scenarios().contains("sustained")) {
                        rows.add(new SustainedRun(target, options.properties(), progress)
                                .run(first, options.sustain(), options.out()));
                    }
                } finally {
                    servers.add(target.describe());
                    save(options, render(mode, machine, servers, rows), progress); // a long run keeps what it measured
                }
            } catch (RuntimeException e) {
                failures++;
                progress.println("[" + name + "] FAILED: " + e);
                e.printStackTrace(progress);
                rows.add(new Row(
                        name, "FAILED", 0, 0, "-", Double.NaN, null, Double.NaN, Double.NaN, String.valueOf(e)));
            }
        }
        if (options.scenarios().contains("report")) {
            rows.add(ReportScenario.run(mode.reportLines(), mode.runs(), progress));
        }
        String text = render(mode, machine, servers, rows);
        save(options, text, progress);
        return new Result(rows, text, failures);
    }

    private static String render(Mode mode, String machine, List<String> servers, List<Row> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            out.printf(Locale.ROOT, "Errand benchmark, %s mode, %s%n", mode.name(), Instant.now());
            out.println("machine: " + machine);
            servers.forEach(s -> out.println("server: " + s));
            out.println();
            Table.print(rows, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes the table so far to {@code --out}, if given. */
    private static void save(BenchOptions options, String text, PrintStream progress) {
        if (options.out() == null) {
            return;
        }
        try {
            Files.writeString(options.out(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            progress.println("could not write " + options.out() + ": " + e);
        }
    }

    private static String cpu() {
        try (var lines = Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %.0f GB RAM, %s %s (%s), %s %s, max heap %d MB, load average %.2f at start",
                cpu(),
                Runtime.getRuntime().availableProcessors(),
                memory / 1e9,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20,
                os.getSystemLoadAverage());
    }
}
