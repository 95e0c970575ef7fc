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
 * contention shows as empty claims and few jobs per claim. Between 10 % and 90 % done it also takes the CPU per job of
 * the workers (by thread), the server and this JVM ({@link FleetCpu}) and what the server did ({@link ServerEvidence}):
 * whether more processes cost more CPU per job, and on which side.
 */
final class FleetScenario {
    /** How often the progress is polled: often enough to time the stretch closely, seldom enough to cost little. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Target target;
    private final Map<String, String> properties;
    private final PrintStream progress;
    private final int warm;

    /** {@code warm}: jobs the fleet runs before the measured ones, so its JVMs have compiled the hot code. */
    FleetScenario(Target target, Map<String, String> properties, PrintStream progress, int warm) {
        this.target = target;
        this.properties = properties;
        this.progress = progress;
        this.warm = warm;
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
            long serverPid = ServerCpu.pidListeningOn(target.serverPort());
            List<Process> fleet = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    fleet.add(start(settings, threads, i));
                }
                for (Process worker : fleet) {
                    outputs.add(awaitReady(worker));
                }
                if (warm > 0) {
                    Scenarios.fill(client, warm, null);
                    drain(client, warm, fleet, serverPid, null);
                    client.admin().pause(BenchService.QUEUE);
                }
                Scenarios.fill(client, n, null);
                FleetCpu.Snapshot idleFrom = FleetCpu.take(fleet, serverPid);
                double pollCost = pollCost(client, serverPid);
                String idle = FleetCpu.idle(idleFrom, FleetCpu.take(fleet, serverPid), processes);
                Window w = drain(client, n, fleet, serverPid, session);
                double rate = 0.8 * n * 1e9 / Math.max(1, w.at10() - w.at90());
                String polls = String.format(
                        Locale.ROOT,
                        "the bench's progress polls cost the server about %.0f µs per job of that (%.0f %% of a core)",
                        pollCost / rate / 1e3,
                        pollCost / 1e7);
                long[] claims = claimsOf(fleet, outputs);
                String note = String.format(
                                Locale.ROOT,
                                "%d worker processes × %d threads%s; rate from 10 %% to 90 %% done; the fleet's"
                                        + " connections to the server half-way: %s (%s per process)",
                                processes,
                                threads,
                                warm > 0 ? String.format(Locale.ROOT, ", warmed up on %,d jobs", warm) : "",
                                w.connections() < 0 ? "?" : Long.toString(w.connections() - before),
                                w.connections() < 0
                                        ? "?"
                                        : String.format(
                                                Locale.ROOT, "%.1f", (double) (w.connections() - before) / processes))
                        + String.format(
                                Locale.ROOT,
                                "; claims (whole run): %,d, %.0f %% of them empty, %.1f jobs per claim",
                                claims[0],
                                100.0 * claims[1] / Math.max(1, claims[0]),
                                (double) claims[2] / Math.max(1, claims[0]))
                        + "; from 10 % to 90 % done: " + w.cpu() + "; " + polls + "; " + w.server() + "; " + idle;
                progress.printf(
                        Locale.ROOT,
                        "[%s] fleet %d×%d: %,.0f jobs/s, %d connections; %s%n",
                        target.name(),
                        processes,
                        threads,
                        rate,
                        w.connections() - before,
                        w.cpu());
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
     * When 90 % and 10 % of the jobs were left; the server's client connections half-way; and, from one to the other,
     * where the CPU went ({@link FleetCpu}) and what the server did ({@link ServerEvidence}, empty without a session).
     */
    private record Window(long at90, long at10, long connections, String cpu, String server) {}

    /** Resumes the queue and waits until the fleet has run its {@code n} jobs, watching the stretch in between. */
    private static Window drain(Errand client, int n, List<Process> fleet, long serverPid, Session session) {
        client.admin().resume(BenchService.QUEUE);
        long resumed = System.nanoTime();
        long at90 = 0;
        long at10 = 0;
        long connections = -1;
        FleetCpu.Snapshot cpuAt90 = null;
        String cpu = "";
        ServerEvidence evidence = null;
        String server = "";
        try {
            for (long left = n; left > 0; ) {
                LockSupport.parkNanos(POLL_NANOS);
                left = remaining(client);
                long now = System.nanoTime();
                if (session != null && at90 == 0 && left <= n * 0.9) {
                    at90 = now;
                    cpuAt90 = FleetCpu.take(fleet, serverPid);
                    evidence = new ServerEvidence(session);
                }
                if (session != null && connections < 0 && left <= n * 0.5) {
                    connections = session.serverConnections();
                }
                if (session != null && at10 == 0 && left <= n * 0.1) {
                    at10 = now;
                    if (cpuAt90 != null) {
                        cpu = FleetCpu.perJob(cpuAt90, FleetCpu.take(fleet, serverPid), Math.round(0.8 * n));
                        server = evidence.perJob(Math.round(0.8 * n));
                    }
                }
                if (now - resumed > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException(left + " of " + n + " jobs left after 10 minutes with "
                            + fleet.size() + " worker processes");
                }
            }
        } finally {
            if (evidence != null) {
                evidence.stop(); // a failed run leaves no sampler behind
            }
        }
        return new Window(at90, at10, connections, cpu, server);
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

    /**
     * The server's CPU nanoseconds per second that the progress polls of {@link #drain} cost: polled for a second at
     * the same pace while the queue is paused and the fleet idle (which adds its own idle polls); NaN if unknown.
     */
    private static double pollCost(Errand client, long serverPid) {
        long cpu = ServerCpu.cpuNanos(serverPid);
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1)) {
            LockSupport.parkNanos(POLL_NANOS);
            remaining(client);
        }
        long after = ServerCpu.cpuNanos(serverPid);
        return cpu < 0 || after < 0 ? Double.NaN : (after - cpu) * 1e9 / (System.nanoTime() - t0);
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
