package dev.errand.examples.bookmarks;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.JobFailedException;
import dev.errand.JobFuture;
import dev.errand.examples.bookmarks.BookmarkService.Category;
import dev.errand.examples.bookmarks.BookmarkService.Summary;
import dev.errand.job.JobId;
import dev.errand.spi.Capability;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bookmark scenario, end to end on the backend that {@code errand.properties} names:
 * background enqueue from the "web request", a synchronous call, a parallel fan-out, and a
 * failing job. The worker writes one timing line per attempt (process and delay).
 */
public final class BookmarkDemo {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> URLS = List.of(
            "https://example.org/java-queues", "https://example.org/climate",
            "https://example.org/markets", "https://example.org/gardening");

    private BookmarkDemo() {}

    public static void main(String[] args) {
        try (Errand errand = Errand.fromProperties();
                Worker worker = errand.worker()
                        .register(new BookmarkService())
                        .threads(4)
                        .start()) {
            BookmarkServiceJobs jobs = new BookmarkServiceJobs(errand);
            say(
                    "Errand demo on the '%s' backend (config: %s), worker %s with %d threads",
                    errand.backend().name(), errand.config().source(), worker.id(), worker.threads());

            say("%n1. Background: adding %d bookmarks enqueues their follow-up work and returns at once", URLS.size());
            Bookmarks bookmarks = new Bookmarks(errand);
            List<JobId> background = new ArrayList<>();
            long t0 = System.nanoTime();
            URLS.forEach(url -> background.addAll(bookmarks.add(url)));
            say("   %d jobs enqueued in %.1f ms; the request is done", background.size(), millisSince(t0));
            background.forEach(id -> errand.awaitFinished(id, WAIT));
            say("   ...and the workers finished all of them");

            say("%n2. Synchronous: call() waits for a worker and returns the result");
            String url = URLS.get(0);
            t0 = System.nanoTime();
            Summary summary = jobs.fetchSummary(url).call(WAIT);
            List<String> keywords = jobs.extractKeywords(url, 5).call(WAIT);
            Category category = jobs.categorize(url, keywords).call(WAIT);
            say(
                    "   %s: \"%s\" %s -> %s (%.0f ms for three jobs one after another)",
                    summary.title(), summary.firstSentence(), keywords, category, millisSince(t0));

            say("%n3. Parallel: submit %d summaries at once, then await them all", URLS.size());
            t0 = System.nanoTime();
            List<JobCall<Summary>> calls = URLS.stream().map(jobs::fetchSummary).toList();
            List<Summary> summaries = JobFuture.awaitAll(errand.submitAll(calls), WAIT);
            summaries.forEach(s -> say("   %-22s %3d words", s.title(), s.words()));
            say("   %d fetches in %.0f ms: they ran side by side", summaries.size(), millisSince(t0));

            say("%n4. A page that does not exist: retried, then dead, and call() says why");
            try {
                jobs.fetchSummary("https://example.org/missing").maxAttempts(2).call(WAIT);
            } catch (JobFailedException e) {
                say("   %s%n   remote error: %s: %s", e.getMessage(), e.remoteType(), e.remoteMessage());
            }
            say("%n5. Durable: one more summary is enqueued to run in 2 s, and the demo stops before that");
            JobId left =
                    jobs.fetchSummary(URLS.get(1)).delay(Duration.ofSeconds(2)).enqueue();
            if (errand.backend().capabilities().contains(Capability.DURABLE)) {
                say(
                        "   job %s stays queued in the %s backend: run the demo again and a worker runs it first,%n"
                                + "   its timing line showing a delay as long as the demo was stopped",
                        left, errand.backend().name());
            } else {
                say(
                        "   job %s is lost when this process ends: the %s backend is not durable",
                        left, errand.backend().name());
            }
            say("%nThe 'timing' lines above are what 'errand report' reads: delay = enqueue (or runAt) to start, "
                    + "process = run time.");
        }
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
