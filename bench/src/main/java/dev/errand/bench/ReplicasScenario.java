package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.bench.ReplicaStores.Store;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code java -jar errand-bench.jar replicas [--stores=redis,postgres] [--n=20000] [--single=4000] [--threads=8]
 * [--rounds=3] [--out=FILE]}: what waiting for a replica costs. Each store runs alone (the baseline) and with a
 * replica, the clients waiting for it or not ({@link RedisReplicas}, {@link PostgresReplicas}); every round measures
 * each setup on a fresh store: {@code single} jobs enqueued one {@code enqueue()} each by two producer threads (rate,
 * p50 and p99 of one call), {@code n} jobs in {@code enqueueAll} batches of 1,000, and the drain of all of them by a
 * worker of {@code threads} threads (the rate from 10 % done to the end). A rate's share of the baseline is taken in
 * each round, against the baseline of the same round, and the median round is reported. Prints a Markdown table;
 * asserts nothing.
 */
final class ReplicasScenario {
    private static final int WARM = 200;
    private static final int PRODUCERS = 2;
    private static final List<String> OPTIONS = List.of("stores", "n", "single", "threads", "rounds", "out");

    /** One session's figures: rates in jobs/s, the servers' CPU in µs per job (enqueued and run). */
    private record Figures(double single, Histogram latency, double burst, double drain, double serverCpu) {}

    private final int n;
    private final int single;
    private final int threads;
    private final PrintStream progress;

    private ReplicasScenario(int n, int single, int threads, PrintStream progress) {
        this.n = n;
        this.single = single;
        this.threads = threads;
        this.progress = progress;
    }

    static void main(String[] args, PrintStream progress, PrintStream out) throws IOException {
        for (String a : args) {
            if (OPTIONS.stream().noneMatch(o -> a.startsWith("--" + o + "="))) {
                throw new IllegalArgumentException("unknown option '" + a + "' for replicas; known: --"
                        + String.join("=..., --", OPTIONS) + "=...");
            }
        }
        int n = Integer.parseInt(TheSchwartzScenario.option(args, "n", "20000"));
        int single = Integer.parseInt(TheSchwartzScenario.option(args, "single", "4000"));
        int threads = Integer.parseInt(TheSchwartzScenario.option(args, "threads", "8"));
        int rounds = Integer.parseInt(TheSchwartzScenario.option(args, "rounds", "3"));
        String outFile = TheSchwartzScenario.option(args, "out", null);
        ReplicasScenario scenario = new ReplicasScenario(n, single, threads, progress);
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "What a replica costs: %,d jobs enqueued one call each by %d threads, %,d in enqueueAll batches of"
                        + " 1,000, all drained by %d worker threads; %d rounds, median round; a share is of the"
                        + " baseline (the first row) in the same round%nmachine: %s%n",
                single,
                PRODUCERS,
                n,
                threads,
                rounds,
                BenchMain.machine()));
        for (String name :
                TheSchwartzScenario.option(args, "stores", "redis,postgres").split(",")) {
            try (ReplicaStores stores = open(name.trim())) {
                text.append(scenario.table(stores, rounds));
            }
            if (outFile != null) {
                Files.writeString(Path.of(outFile), text, StandardCharsets.UTF_8);
            }
        }
        out.print(text);
    }

    private static ReplicaStores open(String name) {
        return switch (name) {
            case "redis" -> new RedisReplicas();
            case "postgres" -> new PostgresReplicas();
            default -> throw new IllegalArgumentException("unknown store '" + name + "'; known: redis, postgres");
        };
    }

    private String table(ReplicaStores stores, int rounds) {
        List<String> setups = stores.setups();
        progress.printf("[%s] warm-up: one unmeasured session of each setup, a quarter of the size%n", stores.name());
        ReplicasScenario warmUp = new ReplicasScenario(n / 4, single / 4, threads, progress);
        for (int i = 0; i < setups.size(); i++) {
            warmUp.measure(stores.open(i));
        }
        List<List<Figures>> runs = new ArrayList<>();
        setups.forEach(s -> runs.add(new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < setups.size(); i++) {
                int setup = (i + round - 1) % setups.size(); // each setup goes first once in a while
                Figures f = measure(stores.open(setup));
                runs.get(setup).add(f);
                progress.printf(
                        Locale.ROOT,
                        "[%s] round %d, %s: enqueue() %,.0f/s (p50 %s, p99 %s), enqueueAll %,.0f/s, drain %,.0f/s,"
                                + " servers' CPU %.1f µs/job%n",
                        stores.name(),
                        round,
                        setups.get(setup),
                        f.single(),
                        Row.duration(f.latency().getValueAtPercentile(50)),
                        Row.duration(f.latency().getValueAtPercentile(99)),
                        f.burst(),
                        f.drain(),
                        f.serverCpu());
            }
        }
        StringBuilder t = new StringBuilder(String.format(
                Locale.ROOT,
                "%n%s: %s%n%n| setup | enqueue() jobs/s | p50 | p99 | enqueueAll jobs/s | drain jobs/s"
                        + " | servers' CPU per job |%n| --- | ---: | ---: | ---: | ---: | ---: | ---: |%n",
                stores.name(),
                stores.describe()));
        for (int s = 0; s < setups.size(); s++) {
            List<Figures> mine = runs.get(s);
            Histogram latency = new Histogram(3);
            mine.forEach(f -> latency.add(f.latency()));
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    setups.get(s),
                    cell(mine, runs.get(0), Figures::single),
                    Row.duration(latency.getValueAtPercentile(50)),
                    Row.duration(latency.getValueAtPercentile(99)),
                    cell(mine, runs.get(0), Figures::burst),
                    cell(mine, runs.get(0), Figures::drain),
                    String.format(
                            Locale.ROOT,
                            "%.1f µs",
                            median(mine.stream().mapToDouble(Figures::serverCpu).toArray()))));
        }
        return t.toString();
    }

    /** The median rate, and the median of its shares of the baseline's rate round by round. */
    private static String cell(
            List<Figures> mine, List<Figures> baseline, java.util.function.ToDoubleFunction<Figures> rate) {
        double[] shares = new double[mine.size()];
        for (int r = 0; r < shares.length; r++) {
            shares[r] = rate.applyAsDouble(mine.get(r)) / rate.applyAsDouble(baseline.get(r));
        }
        return String.format(
                Locale.ROOT,
                "%,.0f (%.2f×)",
                median(mine.stream().mapToDouble(rate).toArray()),
                median(shares));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One session on a fresh store: single enqueues, a burst, the drain of all; then the store is dropped. */
    private Figures measure(Store store) {
        Map<String, String> settings = new HashMap<>(store.settings());
        settings.put("errand.timing.enabled", "false");
        settings.put("errand.worker.threads", Integer.toString(threads)); // pools are sized from it
        long[] servers = store.serverPorts().stream()
                .mapToLong(ServerCpu::pidListeningOn)
                .toArray();
        long cpuBefore = cpuOf(servers);
        try (Errand client = build(settings);
                Errand workers = build(settings)) {
            BenchServiceJobs jobs = new BenchServiceJobs(client);
            for (int i = 0; i < WARM; i++) {
                jobs.noop().enqueue(); // warms the connections and the code
            }
            Histogram latency = new Histogram(3);
            double singleRate = singles(jobs, latency);
            long t0 = System.nanoTime();
            Scenarios.fill(client, n, null);
            double burst = n * 1e9 / (System.nanoTime() - t0);
            long total = WARM + (long) single / PRODUCERS * PRODUCERS + n;
            double drain = drain(workers, total);
            return new Figures(singleRate, latency, burst, drain, (cpuOf(servers) - cpuBefore) / 1e3 / total);
        } finally {
            store.drop().run();
        }
    }

    private double singles(BenchServiceJobs jobs, Histogram latency) {
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<Histogram>> each = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int p = 0; p < PRODUCERS; p++) {
                each.add(producers.submit(() -> {
                    Histogram h = new Histogram(3);
                    for (int i = 0; i < single / PRODUCERS; i++) {
                        long start = System.nanoTime();
                        jobs.noop().enqueue();
                        h.recordValue(System.nanoTime() - start);
                    }
                    return h;
                }));
            }
            for (Future<Histogram> h : each) {
                latency.add(h.get(10, TimeUnit.MINUTES));
            }
            return latency.getTotalCount() * 1e9 / (System.nanoTime() - t0);
        } catch (Exception e) {
            throw new IllegalStateException("the producers of single enqueues failed: " + e, e);
        } finally {
            producers.shutdownNow();
        }
    }

    /**
     * The drain's rate from 10 % done to the end, so the worker's start does not count; when the whole drain ended
     * before the 10 % mark was seen (a small run), from the worker's start.
     */
    private double drain(Errand workers, long total) {
        long started = System.nanoTime();
        try (Worker worker = workers.worker()
                .register(new BenchService())
                .threads(threads)
                .name("replicas")
                .start()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            if (!Scenarios.awaitCount(() -> worker.stats().succeeded(), total / 10, deadline)) {
                throw new IllegalStateException("fewer than " + total / 10 + " of " + total + " jobs ran in 10 min");
            }
            long t0 = System.nanoTime();
            long done0 = worker.stats().succeeded();
            if (done0 >= total) {
                return total * 1e9 / (t0 - started);
            }
            if (!Scenarios.awaitCount(() -> worker.stats().succeeded(), total, deadline)) {
                throw new IllegalStateException(
                        worker.stats().succeeded() + " of " + total + " jobs ran in 10 minutes");
            }
            return (total - done0) * 1e9 / (System.nanoTime() - t0);
        }
    }

    private static long cpuOf(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += Math.max(0, ServerCpu.cpuNanos(pid));
        }
        return sum;
    }

    private static Errand build(Map<String, String> settings) {
        Errand.ErrandBuilder b = Errand.builder();
        settings.forEach(b::property);
        return b.build();
    }
}
