package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.micrometer.EnqueueMetrics;
import dev.errand.micrometer.ErrandMetrics;
import dev.errand.worker.Worker;
import dev.errand.worker.WorkerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What metrics cost: the same memory-backend run with {@code errand-micrometer} off and on, side by side in one JVM,
 * in interleaved rounds (the variants' order turns each round) so that a machine whose load drifts hurts all alike;
 * medians per variant. A run enqueues {@code jobs} no-op jobs in batches of 1,000 ({@code enqueueAll}), then drains
 * them in the calling thread ({@code Worker.drain()}: claim, decode, invoke, complete; timing log off). Both phases run
 * in that one thread, so besides wall time the run measures its CPU time, which a loaded machine disturbs less.
 *
 * <p>"On" is what the Spring starter wires: {@link ErrandMetrics} as the worker's attempt listener with its thread
 * and queue gauges, percentile histograms with {@code --histograms=true} (off by default, as in the library), and {@link EnqueueMetrics} as the
 * client's interceptor; once on a {@link SimpleMeterRegistry} (the test registry) and once on a
 * {@link PrometheusMeterRegistry} (what most deployments scrape).
 *
 * <pre>java -jar bench/target/errand-bench.jar metrics [--rounds=9] [--jobs=200000] [--histograms=true]</pre>
 */
public final class MetricsOverhead {
    static final String USAGE =
            "usage: java -jar errand-bench.jar metrics [--rounds=N (9)] [--jobs=N (200000)] [--histograms=true]\n";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A way to run: no metrics, or metrics on a registry of this kind. */
    enum Variant {
        OFF("metrics off", null),
        SIMPLE("metrics on, SimpleMeterRegistry", SimpleMeterRegistry::new),
        PROMETHEUS("metrics on, PrometheusMeterRegistry", () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        final String label;
        final Supplier<MeterRegistry> registry;

        Variant(String label, Supplier<MeterRegistry> registry) {
            this.label = label;
            this.registry = registry;
        }
    }

    /** One variant's medians, in jobs per second of wall time and per second of the thread's CPU time. */
    record Figures(
            Variant variant,
            double enqueuePerSecond,
            double enqueuePerCpuSecond,
            double drainPerSecond,
            double drainPerCpuSecond,
            double[] drainCpuRounds) {}

    private MetricsOverhead() {}

    public static void main(String[] args) {
        int rounds = 9;
        int jobs = 200_000;
        boolean histograms = false;
        for (String arg : args) {
            if (arg.startsWith("--rounds=")) {
                rounds = Integer.parseInt(arg.substring("--rounds=".length()));
            } else if (arg.startsWith("--jobs=")) {
                jobs = Integer.parseInt(arg.substring("--jobs=".length()));
            } else if (arg.startsWith("--histograms=")) {
                histograms = Boolean.parseBoolean(arg.substring("--histograms=".length()));
            } else {
                System.err.print("unknown option " + arg + "\n" + USAGE);
                System.exit(2);
            }
        }
        System.out.print(table(run(rounds, jobs, histograms, System.err), rounds, jobs, histograms));
    }

    /** Runs {@code rounds} rounds of every variant, after one warm-up round that is not counted. */
    static List<Figures> run(int rounds, int jobs, boolean histograms, PrintStream progress) {
        Variant[] variants = Variant.values();
        for (Variant v : variants) {
            runOnce(v, jobs, histograms);
        }
        double[][][] figures = new double[variants.length][4][rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ", drain per CPU-second:");
            for (int k = 0; k < variants.length; k++) {
                Variant v = variants[(r + k) % variants.length];
                double[] f = runOnce(v, jobs, histograms);
                for (int i = 0; i < 4; i++) {
                    figures[v.ordinal()][i][r] = f[i];
                }
            }
            for (Variant v : variants) {
                line.append(String.format(
                        Locale.ROOT, " %s %,.0f", v.name().toLowerCase(Locale.ROOT), figures[v.ordinal()][3][r]));
            }
            progress.println(line);
        }
        List<Figures> out = new ArrayList<>();
        for (Variant v : variants) {
            double[][] f = figures[v.ordinal()];
            out.add(new Figures(v, median(f[0]), median(f[1]), median(f[2]), median(f[3]), f[3]));
        }
        return out;
    }

    /** Enqueues and drains {@code jobs} jobs on a fresh client: enqueue and drain, per wall and per CPU second. */
    private static double[] runOnce(Variant variant, int jobs, boolean histograms) {
        MeterRegistry registry = variant.registry == null ? null : variant.registry.get();
        Errand.ErrandBuilder builder = Errand.builder()
                .backend("memory")
                .property("errand.memory.capacity", Integer.toString(Math.max(jobs * 2, 10_000)))
                .property("errand.timing.enabled", "false");
        if (registry != null) {
            EnqueueMetrics enqueues = new EnqueueMetrics();
            enqueues.bindTo(registry);
            builder.interceptor(enqueues);
        }
        try (Errand errand = builder.build()) {
            BenchServiceJobs stub = new BenchServiceJobs(errand);
            WorkerBuilder workerBuilder =
                    errand.worker().register(new BenchService()).batchSize(100);
            ErrandMetrics metrics = null;
            if (registry != null) {
                metrics = ErrandMetrics.builder(errand)
                        .percentileHistograms(histograms)
                        .build();
                metrics.bindTo(registry);
                workerBuilder.attemptListener(metrics);
            }
            Worker worker = workerBuilder.build();
            if (metrics != null) {
                metrics.bindTo(worker);
            }
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int done = 0; done < jobs; done += 1000) {
                List<JobCall<Void>> calls = new ArrayList<>(1000);
                for (int i = 0; i < Math.min(1000, jobs - done); i++) {
                    calls.add(stub.noop());
                }
                errand.enqueueAll(calls);
            }
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            long drained = worker.drain().succeeded();
            long c2 = THREADS.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            if (drained != jobs) {
                throw new IllegalStateException("drained " + drained + " of " + jobs + " jobs");
            }
            if (registry != null
                    && registry.get("errand.jobs.enqueued").counter().count() != jobs) {
                throw new IllegalStateException("metrics on, but the enqueues were not all counted");
            }
            return new double[] {
                perSecond(jobs, t1 - t0), perSecond(jobs, c1 - c0), perSecond(jobs, t2 - t1), perSecond(jobs, c2 - c1)
            };
        }
    }

    private static double perSecond(int jobs, long nanos) {
        return jobs / (Math.max(nanos, 1) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String table(List<Figures> figures, int rounds, int jobs, boolean histograms) {
        Figures off = figures.get(0);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Memory backend, %,d no-op jobs per run, medians of %d interleaved rounds, percentile histograms %s%n%n",
                jobs,
                rounds,
                histograms ? "on" : "off"));
        out.append("| variant | enqueue (jobs/s) | enqueue (jobs/CPU-s) | drain (jobs/s) | drain (jobs/CPU-s) "
                + "| drain vs off (CPU) | drain per CPU-s, every round |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Figures f : figures) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.0f %% | %s |%n",
                    f.variant().label,
                    f.enqueuePerSecond(),
                    f.enqueuePerCpuSecond(),
                    f.drainPerSecond(),
                    f.drainPerCpuSecond(),
                    100 * f.drainPerCpuSecond() / off.drainPerCpuSecond(),
                    Arrays.stream(f.drainCpuRounds())
                            .mapToObj(v -> String.format(Locale.ROOT, "%,.0f", v))
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("")));
        }
        return out.toString();
    }
}
