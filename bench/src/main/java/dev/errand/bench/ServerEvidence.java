package dev.errand.bench;

import dev.errand.bench.backend.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the server did over a measured stretch of the {@link FleetScenario}: its counters per job (Redis's calls and
 * µs per command, PostgreSQL's commits and rows; {@link Session#serverCounters()}) and, sampled while it runs, what
 * the database's sessions wait on ({@link Session#activeSessionsByWait()}, every 100 ms on a thread of its own): lock
 * waits and I/O show there.
 */
final class ServerEvidence {
    private static final long SAMPLE_MILLIS = 100;

    private final Session session;
    private final Map<String, Long> before;
    private final Map<String, Long> waits = new TreeMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-wait-sampler");
        t.setDaemon(true);
        return t;
    });
    private int samples;

    /** Reads the counters now and samples the sessions every 100 ms until {@link #stop()} or {@link #perJob}. */
    ServerEvidence(Session session) {
        this.session = session;
        this.before = session.serverCounters();
        sampler.scheduleWithFixedDelay(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One sample of the sessions; on the sampler's thread only. */
    private void sample() {
        Map<String, Long> now = session.activeSessionsByWait();
        synchronized (waits) {
            samples++;
            now.forEach((wait, count) -> waits.merge(wait, count, Long::sum));
        }
    }

    /** Stops sampling; returns once the last sample is in. */
    void stop() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The counters' growth per job, the biggest first: counts, then times ({@code usec} counters: Redis's own clock,
     * wall time, which grows when the server waits for a core as well as when it works); and the sessions by wait.
     */
    String perJob(long jobs) {
        stop();
        Map<String, Long> after = session.serverCounters();
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0 && !k.startsWith("info ") && !k.startsWith("client ")) { // the bench's own questions
                grown.add(Map.entry(k, d));
            }
        });
        grown.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> counts = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (Map.Entry<String, Long> e : grown) {
            boolean time = e.getKey().endsWith(" usec");
            List<String> to = time ? times : counts;
            if (to.size() < 8) {
                to.add(String.format(
                        Locale.ROOT,
                        time ? "%s %.1f µs" : "%s %s",
                        e.getKey().replace(" usec", "").replace(" calls", ""),
                        time ? e.getValue() / (double) jobs : Meter.perJob((double) e.getValue() / jobs)));
            }
        }
        StringBuilder b = new StringBuilder();
        if (!counts.isEmpty()) {
            b.append("server per job: ").append(String.join(", ", counts));
        }
        if (!times.isEmpty()) {
            b.append(b.length() == 0 ? "" : "; ")
                    .append("server time per job by its own clock: ")
                    .append(String.join(", ", times));
        }
        synchronized (waits) {
            appendWaits(b);
        }
        return b.toString();
    }

    private void appendWaits(StringBuilder b) {
        if (!waits.isEmpty()) {
            b.append(b.length() == 0 ? "" : "; ")
                    .append(String.format(Locale.ROOT, "the database's sessions on average (%d samples): ", samples));
            List<String> parts = new ArrayList<>();
            waits.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> parts.add(
                            String.format(Locale.ROOT, "%s %.1f", e.getKey(), (double) e.getValue() / samples)));
            b.append(String.join(", ", parts));
        }
    }
}
