package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.testservers.GearmandServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/**
 * The {@code call()} half of the {@code gearman} scenario: one caller, one synchronous echo after another on idle
 * workers, each pairing of Errand's client and worker with the raw-protocol ones, so the table shows which side costs
 * what.
 */
final class GearmanCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] X = "x".getBytes(StandardCharsets.US_ASCII);

    private GearmanCalls() {}

    /** The Markdown table of the four pairings. */
    static String table(Errand client, GearmandServer server, int threads, int calls, PrintStream progress)
            throws Exception {
        int port = server.port();
        String host = server.host();
        Callable<AutoCloseable> errandWorker = () -> GearmanBench.errandWorker(server, threads, null, Map.of());
        Callable<AutoCloseable> rawWorkers = () -> new GearmanRawWorkers(host, port, GearmanEcho.FUNCTION, threads);
        GearmanEchoJobs jobs = new GearmanEchoJobs(client);
        Callable<Object> errandCall = () -> jobs.echo("x").call(TIMEOUT);
        StringBuilder t = new StringBuilder(
                "| call() of an echo, one caller | p50 ms | p99 ms | calls/s |\n" + "|---|---:|---:|---:|\n");
        try (GearmanRawCaller raw = new GearmanRawCaller(host, port)) {
            Callable<Object> rawCall = () -> raw.call(GearmanEcho.FUNCTION, X);
            row(t, "Errand call() → Errand worker", errandCall, errandWorker, calls, progress);
            row(t, "raw client → raw workers (ceiling)", rawCall, rawWorkers, calls, progress);
            row(t, "Errand call() → raw workers", errandCall, rawWorkers, calls, progress);
            row(t, "raw client → Errand worker", rawCall, errandWorker, calls, progress);
        }
        return t.toString();
    }

    private static void row(
            StringBuilder t,
            String name,
            Callable<Object> call,
            Callable<AutoCloseable> workers,
            int calls,
            PrintStream progress)
            throws Exception {
        Histogram latency = GearmanBench.histogram();
        long start;
        long end;
        try (AutoCloseable running = workers.call()) {
            for (int i = 0; i < calls / 4; i++) {
                call.call(); // warms the code and waits out the workers' start
            }
            start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                call.call();
                latency.recordValue(System.nanoTime() - t0);
            }
            end = System.nanoTime();
        }
        double p50 = latency.getValueAtPercentile(50) / 1e6;
        double p99 = latency.getValueAtPercentile(99) / 1e6;
        progress.printf(Locale.ROOT, "[gearman] %s: p50 %.3f ms, p99 %.3f ms%n", name, p50, p99);
        t.append(String.format(
                Locale.ROOT, "| %s | %.3f | %.3f | %,.0f |%n", name, p50, p99, calls * 1e9 / (end - start)));
    }
}
