package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.bench.backend.Session;
import dev.errand.bench.backend.Target;
import dev.errand.dashboard.Dashboard;
import dev.errand.dashboard.DashboardOptions;
import dev.errand.job.JobError;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.NewJob;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code java -jar errand-bench.jar dashboard [--jobs=postgres:1000000,redis:100000]}: fills a store with jobs (9 in
 * 10 finished, 1 in 90 of those dead, the rest waiting; 5 queues, 4 job names, enqueued over 50 minutes), starts the dashboard on it, and
 * times its pages over HTTP: the overview as served (counts at most one refresh old) and its uncached read, and
 * filtered job pages, first and deep. Prints p50/p95/max per page; asserts nothing.
 */
final class DashboardScenario {
    private static final List<String> QUEUES = List.of("mail", "payments", "reports", "images", "search");
    private static final List<String> NAMES = List.of("Mail.send", "Pay.charge", "Report.render", "Image.thumb");
    private static final int BATCH = 1000;
    private static final int SAMPLES = 200;

    private DashboardScenario() {}

    static void main(String[] args, PrintStream progress, PrintStream out) throws Exception {
        String jobs = Arrays.stream(args)
                .filter(a -> a.startsWith("--jobs="))
                .map(a -> a.substring("--jobs=".length()))
                .findFirst()
                .orElse("postgres:1000000,redis:100000");
        StringBuilder table = new StringBuilder();
        table.append("| backend | jobs | page | p50 ms | p95 ms | max ms |\n|---|---:|---|---:|---:|---:|\n");
        for (String spec : jobs.split(",")) {
            String[] parts = spec.split(":");
            int count = Integer.parseInt(parts[1]);
            try (Target target = Target.named(parts[0], Map.of());
                    Session session = target.open(Map.of())) {
                Errand errand = session.client();
                long t0 = System.nanoTime();
                fill(errand.backend(), count, progress);
                progress.printf(
                        Locale.ROOT,
                        "%s: %,d jobs stored in %.0f s%n",
                        parts[0],
                        count,
                        (System.nanoTime() - t0) / 1e9);
                measure(target.name(), count, errand, table, progress);
                progress.println(target.describe());
            }
        }
        out.print(table);
    }

    /** Enqueues {@code count} jobs in batches, then finishes 9 in 10 (1 in 90 of those dead); the rest stay waiting. */
    static void fill(Backend backend, int count, PrintStream progress) {
        Instant start = Instant.now().minus(Duration.ofMinutes(50));
        byte[] payload = "[\"order-1042\",4999]".getBytes(StandardCharsets.UTF_8);
        List<NewJob> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(i * 3000L / Math.max(1, count / 1000));
            batch.add(new NewJob(
                    NAMES.get(i % NAMES.size()),
                    QUEUES.get(i % QUEUES.size()),
                    0,
                    payload,
                    "bench",
                    1,
                    Duration.ofMinutes(5),
                    at,
                    at,
                    null));
            if (batch.size() == BATCH || i == count - 1) {
                backend.enqueue(batch);
                batch.clear();
            }
            if ((i + 1) % 200_000 == 0) {
                progress.printf(Locale.ROOT, "  enqueued %,d%n", i + 1);
            }
        }
        int finish = count - count / 10;
        int done = 0;
        JobError error = new JobError(1, Instant.now(), "java.lang.IllegalStateException", "card declined", "at x");
        while (done < finish) {
            List<ClaimedJob> claimed =
                    backend.claim(Set.copyOf(QUEUES), Math.min(BATCH, finish - done), "bench", Duration.ofMinutes(10));
            if (claimed.isEmpty()) {
                break;
            }
            List<Completion> ok = new ArrayList<>(claimed.size());
            for (int k = 0; k < claimed.size(); k++) {
                if ((done + k) % 90 == 0) {
                    backend.fail(claimed.get(k).lease(), error, null);
                } else {
                    ok.add(new Completion(claimed.get(k).lease(), null));
                }
            }
            backend.completeAll(ok);
            done += claimed.size();
            if (done % 200_000 < BATCH) {
                progress.printf(Locale.ROOT, "  finished %,d%n", done);
            }
        }
    }

    private static void measure(String backend, int count, Errand errand, StringBuilder table, PrintStream progress)
            throws Exception {
        try (Dashboard d =
                Dashboard.start(errand, DashboardOptions.builder().port(0).build())) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = d.uri();
            Callable<Integer> overview = () -> get(http, base.resolve("/"));
            row(table, progress, backend, count, "overview (as served: counts at most 5 s old)", overview);
            row(table, progress, backend, count, "overview counts, uncached read", () -> {
                errand.admin().queues();
                errand.admin().finished(Duration.ofHours(1));
                errand.admin().pausedQueues();
                return 200;
            });
            row(
                    table,
                    progress,
                    backend,
                    count,
                    "jobs: state=DEAD, queue=payments",
                    () -> get(http, base.resolve("/jobs?state=DEAD&queue=payments")));
            row(
                    table,
                    progress,
                    backend,
                    count,
                    "jobs: queue=mail, name=Mail.send",
                    () -> get(http, base.resolve("/jobs?queue=mail&name=Mail.send")));
            row(
                    table,
                    progress,
                    backend,
                    count,
                    "jobs: state=SUCCEEDED, oldest first",
                    () -> get(http, base.resolve("/jobs?state=SUCCEEDED&order=oldest")));
        }
    }

    private static int get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.statusCode();
    }

    private static void row(
            StringBuilder table, PrintStream progress, String backend, int count, String page, Callable<Integer> call)
            throws Exception {
        for (int i = 0; i < SAMPLES / 10; i++) {
            call.call(); // warm-up
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        String line = String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %.1f | %.1f | %.1f |%n",
                backend,
                count,
                page,
                nanos[SAMPLES / 2] / 1e6,
                nanos[SAMPLES * 95 / 100] / 1e6,
                nanos[SAMPLES - 1] / 1e6);
        progress.print(line);
        table.append(line);
    }
}
