package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/**
 * {@code java -jar errand-bench.jar gearman [--jobs=100000] [--threads=8] [--rounds=3] [--calls=2000] [--only=errand,perl] [--out=FILE]}:
 * through one local gearmand, Errand's Gearman workers beside the other workers of this machine, in one run:
 * background drains of no-op (echo) jobs by the raw-protocol loop (the ceiling), Errand's worker (timing log off, with two
 * connections per thread instead of one, and the timing log to a file), Perl {@code Gearman::Worker} processes, {@code gearman -w} processes (in-process echo, and a fork of
 * {@code cat} per job), each round in that order after a warm-up drain (raw and Errand); then {@code call()} latency. Every rate is also given as a ratio
 * to the raw loop's in the same round, because the machine is shared. {@code --only} keeps some drains (and the raw
 * one); {@code --calls=0} leaves out the calls; {@code errand.KEY=VALUE} sets a property of every Errand client and
 * worker. Asserts nothing.
 */
final class GearmanBench {
    private static final String HOST = "127.0.0.1";

    private GearmanBench() {}

    static void main(String[] args, PrintStream progress, PrintStream out) throws Exception {
        Map<String, String> o = options(args);
        int jobs = Integer.parseInt(o.getOrDefault("jobs", "100000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "8"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        int calls = Integer.parseInt(o.getOrDefault("calls", "2000"));
        int forkJobs = Integer.parseInt(o.getOrDefault("fork-jobs", Integer.toString(Math.max(100, jobs / 50))));
        GearmandServer server = GearmandServer.launch();
        StringBuilder text = new StringBuilder();
        try (Errand client = errand(server, false)) {
            GearmanDrain drain = new GearmanDrain(client, HOST, server.port());
            Map<String, Callable<AutoCloseable>> contenders = contenders(server, threads);
            List<Callable<AutoCloseable>> warmUps = List.of(contenders.get(RAW), contenders.get(ERRAND));
            if (o.containsKey("only")) {
                List<String> keep = List.of(("raw," + o.get("only")).split(","));
                List<String> keys = List.copyOf(KEYS);
                List<String> labels = List.copyOf(contenders.keySet());
                for (int i = 0; i < keys.size(); i++) {
                    if (!keep.contains(keys.get(i))) {
                        contenders.remove(labels.get(i));
                    }
                }
            }
            Map<String, List<GearmanDrain.Result>> results = new LinkedHashMap<>();
            List<Map<String, Double>> ratios = new ArrayList<>();
            for (Callable<AutoCloseable> warm : warmUps) {
                drain.run(Math.max(1000, jobs / 5), warm); // JIT: the first round is not cold
            }
            for (int round = 1; round <= rounds; round++) {
                Map<String, Double> rates = new LinkedHashMap<>();
                for (Map.Entry<String, Callable<AutoCloseable>> c : contenders.entrySet()) {
                    int n = c.getKey().contains("fork") ? forkJobs : jobs;
                    GearmanDrain.Result r = drain.run(n, c.getValue());
                    results.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r);
                    rates.put(c.getKey(), r.perSecond());
                    progress.printf(
                            Locale.ROOT,
                            "[gearman] round %d %s: %,.0f jobs/s (%,d jobs, %.2f s)%s%n",
                            round,
                            c.getKey(),
                            r.perSecond(),
                            r.jobs(),
                            r.wallSeconds(),
                            r.complete() ? "" : " INCOMPLETE");
                }
                ratios.add(rates);
            }
            text.append(header(server, jobs, threads, rounds));
            text.append(drainTable(results, ratios));
            if (calls > 0) {
                text.append('\n').append(GearmanCalls.table(client, server, threads, calls, progress));
            }
        } finally {
            server.stop();
        }
        out.print(text);
        if (o.containsKey("out")) {
            Files.writeString(Path.of(o.get("out")), text, StandardCharsets.UTF_8);
            progress.println("wrote " + o.get("out"));
        }
    }

    static final String RAW = "raw codec loop (ceiling)";
    /** {@code errand.*=value} arguments, for every Errand client and worker of the run. */
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    private static final String ERRAND = "Errand worker, timing log off";
    /** The names {@code --only} takes, in the order of {@link #contenders}. */
    private static final List<String> KEYS =
            List.of("raw", "errand", "errand-2conn", "errand-timing", "perl", "gearman-w", "gearman-w-fork");

    private static Map<String, Callable<AutoCloseable>> contenders(GearmandServer server, int threads) {
        String fn = GearmanEcho.FUNCTION;
        int port = server.port();
        Map<String, Callable<AutoCloseable>> c = new LinkedHashMap<>();
        c.put(RAW, () -> new GearmanRawWorkers(HOST, port, fn, threads));
        c.put(ERRAND, () -> errandWorker(server, threads, null, Map.of()));
        c.put(
                "Errand worker, 2 connections per thread, timing log off",
                () -> errandWorker(server, threads, null, Map.of("errand.gearman.worker.connectionsPerThread", "2")));
        c.put("Errand worker, timing log to a file", () -> errandWorker(server, threads, TimingFile.open(), Map.of()));
        c.put("Perl Gearman::Worker processes", () -> GearmanForeignWorkers.perl(HOST, port, fn, threads));
        c.put(
                "gearman -w processes (C, echo)",
                () -> GearmanForeignWorkers.gearmanTool(HOST, port, fn, threads, List.of()));
        c.put(
                "gearman -w -- cat processes (a fork per job)",
                () -> GearmanForeignWorkers.gearmanTool(HOST, port, fn, threads, List.of("cat")));
        return c;
    }

    static Errand errand(GearmandServer server, boolean timing) {
        return errand(server, timing, Map.of());
    }

    private static Errand errand(GearmandServer server, boolean timing, Map<String, String> more) {
        Errand.ErrandBuilder b = Errand.builder()
                .backend("gearman")
                .property("errand.gearman.servers", server.address())
                .property("errand.timing.enabled", Boolean.toString(timing));
        PROPERTIES.forEach(b::property);
        more.forEach(b::property);
        return b.build();
    }

    /** An Errand of its own and a worker of {@code threads} threads; closing ends both (and the timing file). */
    static AutoCloseable errandWorker(
            GearmandServer server, int threads, TimingFile timing, Map<String, String> properties) {
        Errand errand = errand(server, timing != null, properties);
        Worker worker = errand.worker()
                .register(new GearmanEcho())
                .threads(threads)
                .name("bench")
                .start();
        return () -> {
            worker.close();
            errand.close();
            if (timing != null) {
                timing.close();
                timing.delete();
            }
        };
    }

    private static String header(GearmandServer server, int jobs, int threads, int rounds) {
        return String.format(
                Locale.ROOT,
                "Errand gearman benchmark, %s%nmachine: %s%ngearmand: %s (--threads=2, builtin queue)%n"
                        + "%,d echo jobs per drain (the fork row: fewer), %d workers each, %d rounds interleaved%n%n",
                Instant.now(),
                BenchMain.machine(),
                server.address(),
                jobs,
                threads,
                rounds);
    }

    private static String drainTable(Map<String, List<GearmanDrain.Result>> results, List<Map<String, Double>> ratios) {
        StringBuilder t = new StringBuilder();
        t.append("| background drain | jobs/s (median) | × raw (median of rounds) | runs jobs/s | wall s | "
                + "JVM CPU µs/job | JVM ctx switches/job |\n");
        t.append("|---|---:|---:|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<GearmanDrain.Result>> e : results.entrySet()) {
            List<GearmanDrain.Result> runs = new ArrayList<>(e.getValue());
            runs.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
            GearmanDrain.Result mid = runs.get(runs.size() / 2);
            List<Double> ratio = new ArrayList<>();
            for (Map<String, Double> round : ratios) {
                ratio.add(round.get(e.getKey()) / round.get(RAW));
            }
            ratio.sort(Double::compare);
            boolean inJvm = !e.getKey().contains("processes");
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %.2f | %s | %.2f | %s | %s |%n",
                    e.getKey(),
                    mid.perSecond(),
                    ratio.get(ratio.size() / 2),
                    String.join(
                            ", ",
                            e.getValue().stream()
                                    .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond()))
                                    .toList()),
                    mid.wallSeconds(),
                    inJvm ? String.format(Locale.ROOT, "%.1f", mid.cpuNanos() / 1e3 / mid.jobs()) : "-",
                    inJvm ? String.format(Locale.ROOT, "%.1f", (double) mid.switches() / mid.jobs()) : "-"));
        }
        t.append("\nContext switches per job by thread (the median run of each Errand row; kernel thread names, 15 "
                + "characters):\n\n");
        for (Map.Entry<String, List<GearmanDrain.Result>> e : results.entrySet()) {
            if (!e.getKey().startsWith("Errand")) {
                continue;
            }
            List<GearmanDrain.Result> runs = new ArrayList<>(e.getValue());
            runs.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
            GearmanDrain.Result mid = runs.get(runs.size() / 2);
            List<String> parts = new ArrayList<>();
            mid.switchesByThread().entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .filter(s -> s.getValue() * 100 >= mid.jobs()) // at least 0.01 per job
                    .forEach(s -> parts.add(
                            String.format(Locale.ROOT, "%s %.2f", s.getKey(), (double) s.getValue() / mid.jobs())));
            t.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(String.join(", ", parts))
                    .append('\n');
        }
        return t.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("errand.") && eq > 0) {
                PROPERTIES.put(a.substring(0, eq), a.substring(eq + 1));
                continue;
            }
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException(
                        "gearman takes --jobs=N --threads=N --rounds=N --calls=N " + "--fork-jobs=N --only="
                                + String.join(",", KEYS) + " --out=FILE errand.KEY=VALUE, not '" + a + "'");
            }
            o.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return o;
    }

    static Histogram histogram() {
        return new Histogram(Duration.ofMinutes(1).toNanos(), 3);
    }
}
