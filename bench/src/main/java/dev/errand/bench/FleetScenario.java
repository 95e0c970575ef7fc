package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.bench.backend.Session;
import dev.errand.bench.backend.Target;
import dev.errand.spi.QueueStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Many worker processes on one store: {@code n} no-op jobs wait in a paused queue while {@code p} worker JVMs
 * ({@link FleetWorker}, {@code t} threads each) start; the queue is resumed and the fleet drains it. The rate is taken
 * between 10 % and 90 % done, so JVM warm-up at the start and the last stragglers do not count; the server's client
 * connections are counted half-way, and each worker's claims (calls, empty ones, jobs) over the whole run: claim
 * contention shows as empty claims and few jobs per claim.
 */
final class FleetScenario {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Target target;
    private final Map<String, String> properties;
    private final PrintStream progress;

    FleetScenario(Target target, Map<String, String> properties, PrintStream progress) {
        this.target = target;
        this.properties = properties;
        this.progress = progress;
    }

    Row run(int processes, int threads, int n) {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("errand.timing.enabled", "false");
        try (Session session = target.open(p)) {
            if (session.properties().isEmpty()) {
                throw new IllegalArgumentException(
                        "the fleet scenario needs a store other processes can reach, not " + target.name());
            }
            Errand client = session.client();
            client.admin().pause(BenchService.QUEUE);
            Scenarios.fill(client, n, null);
            // The fleet sizes its pools by its threads, as a deployment would by default; the bench's own clients
            // have larger ones, counted before the fleet starts and left out of its figure.
            Map<String, String> fleetSettings = new HashMap<>(session.properties());
            fleetSettings
                    .keySet()
                    .removeIf(k ->
                            k.startsWith("errand.jdbc.pool.maximumPoolSize") || k.startsWith("errand.redis.pool.max"));
            fleetSettings.put("errand.worker.threads", Integer.toString(threads)); // the pools are sized from it
            Path settings = settingsFile(fleetSettings);
            long before = settledConnections(session);
            List<Process> fleet = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    fleet.add(start(settings, threads, i));
                }
                for (Process worker : fleet) {
                    outputs.add(awaitReady(worker));
                }
                client.admin().resume(BenchService.QUEUE);
                long resumed = System.nanoTime();
                long at90 = 0;
                long at10 = 0;
                long connections = -1;
                for (long left = n; left > 0; ) {
                    LockSupport.parkNanos(POLL_NANOS);
                    left = remaining(client);
                    long now = System.nanoTime();
                    if (at90 == 0 && left <= n * 0.9) {
                        at90 = now;
                    }
                    if (connections < 0 && left <= n * 0.5 && before >= 0) {
                        connections = session.serverConnections() - before;
                    }
                    if (at10 == 0 && left <= n * 0.1) {
                        at10 = now;
                    }
                    if (now - resumed > TimeUnit.MINUTES.toNanos(10)) {
                        throw new IllegalStateException(left + " of " + n + " jobs left after 10 minutes with "
                                + processes + " worker processes");
                    }
                }
                double rate = 0.8 * n * 1e9 / Math.max(1, at10 - at90);
                long[] claims = claimsOf(fleet, outputs);
                String note = String.format(
                                Locale.ROOT,
                                "%d worker processes × %d threads; rate from 10 %% to 90 %% done; the fleet's connections "
                                        + "to the server half-way: %s (%s per process)",
                                processes,
                                threads,
                                connections < 0 ? "?" : Long.toString(connections),
                                connections < 0
                                        ? "?"
                                        : String.format(Locale.ROOT, "%.1f", (double) connections / processes))
                        + String.format(
                                Locale.ROOT,
                                "; claims (whole run): %,d, %.0f %% of them empty, %.1f jobs per claim",
                                claims[0],
                                100.0 * claims[1] / Math.max(1, claims[0]),
                                (double) claims[2] / Math.max(1, claims[0]));
                progress.printf(
                        Locale.ROOT,
                        "[%s] fleet %d×%d: %,.0f jobs/s, %d connections%n",
                        target.name(),
                        processes,
                        threads,
                        rate,
                        connections);
                return new Row(
                        target.name(),
                        "fleet " + processes + "×" + threads,
                        n,
                        processes * threads,
                        "off",
                        rate,
                        null,
                        Double.NaN,
                        Double.NaN,
                        note);
            } finally {
                stopAll(fleet);
                Files.deleteIfExists(settings);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's client connections once this JVM's pools have filled (they open theirs in the background): the
     * same count five times in a row, 100 ms apart, or what it is after 10 s.
     */
    private static long settledConnections(Session session) {
        long last = session.serverConnections();
        int same = 0;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); same < 5 && System.nanoTime() < end; ) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            long now = session.serverConnections();
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Jobs of the bench queue not finished yet. */
    private static long remaining(Errand client) {
        long left = 0;
        for (QueueStats q : client.admin().queues()) {
            if (q.queue().equals(BenchService.QUEUE)) {
                left += q.total();
            }
        }
        return left;
    }

    private static Path settingsFile(Map<String, String> settings) throws IOException {
        Path file = Files.createTempFile("errand-fleet-", ".properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "errand bench fleet");
        }
        return file;
    }

    private static Process start(Path settings, int threads, int index) throws IOException {
        Path log = Files.createTempFile("errand-fleet-" + index + "-", ".log");
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms64m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FleetWorker.class.getName(),
                        settings.toString(),
                        Integer.toString(threads))
                .redirectError(log.toFile())
                .start();
    }

    /** Waits for the worker's {@code ready}; its output, to read the rest from. */
    private static BufferedReader awaitReady(Process worker) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); ; line = out.readLine()) {
            if (line == null) {
                throw new IllegalStateException("a fleet worker process (pid " + worker.pid()
                        + ") ended before it was ready; its log is in a /tmp/errand-fleet-*.log file");
            }
            if (line.equals("ready")) {
                return out;
            }
        }
    }

    /**
     * Stops the fleet (end of input) and sums what each worker says of its claims: calls, empty calls, jobs. A
     * worker that says nothing counts for nothing.
     */
    private static long[] claimsOf(List<Process> fleet, List<BufferedReader> outputs) throws IOException {
        for (Process worker : fleet) {
            worker.getOutputStream().close();
        }
        long[] sum = new long[3];
        for (BufferedReader out : outputs) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("claims ")) {
                    String[] f = line.split(" ");
                    for (int i = 0; i < 3; i++) {
                        sum[i] += Long.parseLong(f[i + 1]);
                    }
                }
            }
        }
        return sum;
    }

    private static void stopAll(List<Process> fleet) {
        for (Process worker : fleet) {
            try {
                worker.getOutputStream().close(); // end of input: the worker stops gracefully
            } catch (IOException e) {
                worker.destroy();
            }
        }
        for (Process worker : fleet) {
            try {
                if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.destroyForcibly();
            }
        }
    }
}
