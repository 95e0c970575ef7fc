package dev.errand.examples.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.JobFuture;
import dev.errand.examples.bookmarks.BookmarkService.Category;
import dev.errand.examples.bookmarks.BookmarkService.Summary;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's scenario as a user would run it: errand.properties from the class path, a worker, the stub. */
class BookmarkScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Errand errand;
    private Worker worker;
    private BookmarkServiceJobs jobs;
    private final ConcurrentLinkedQueue<String> timing = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        errand = Errand.fromProperties();
        worker = errand.worker()
                .register(BookmarkService.class)
                .threads(4)
                .timingListener(timing::add)
                .start();
        jobs = new BookmarkServiceJobs(errand);
    }

    @AfterEach
    void stop() {
        worker.close();
        errand.close();
    }

    @Test
    void addingABookmark_enqueuesItsWork_onceEvenWhenClickedTwice() {
        Bookmarks bookmarks = new Bookmarks(errand);
        List<JobId> first = bookmarks.add("https://example.org/java-queues");
        List<JobId> second = bookmarks.add("https://example.org/java-queues");

        assertThat(second).isEqualTo(first);
        first.forEach(id -> assertThat(errand.awaitFinished(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(timing)
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("queue=bookmarks attempt=1 status=ok"));
    }

    @Test
    void synchronousCalls_chainSummaryKeywordsAndCategory() {
        Summary s = jobs.fetchSummary("https://example.org/java-queues").call(WAIT);
        List<String> keywords =
                jobs.extractKeywords("https://example.org/java-queues", 3).call(WAIT);

        assertThat(s.title()).isEqualTo("Job queues in Java");
        assertThat(s.firstSentence()).isEqualTo("A job queue moves slow work out of the request.");
        assertThat(keywords).containsExactly("queue", "workers", "moves");
        assertThat(jobs.categorize("https://example.org/java-queues", keywords).call(WAIT))
                .isEqualTo(Category.PROGRAMMING);
        assertThat(jobs.categorize("https://example.org/gardening", List.of("tomatoes"))
                        .call(WAIT))
                .isEqualTo(Category.OTHER);
    }

    @Test
    void parallelFetches_returnInTheOrderSubmitted() {
        List<String> urls = List.of("https://example.org/markets", "https://example.org/climate");

        List<Summary> summaries = JobFuture.awaitAll(
                errand.submitAll(urls.stream().map(jobs::fetchSummary).toList()), WAIT);

        assertThat(summaries).extracting(Summary::title).containsExactly("Markets today", "Climate report");
    }

    @Test
    void aMissingPage_endsDead_withTheRemoteError() {
        assertThatThrownBy(() -> jobs.fetchSummary("https://example.org/missing")
                        .maxAttempts(2)
                        .call(WAIT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("BookmarkService.fetchSummary")
                .hasMessageContaining("404 Not Found: https://example.org/missing");
    }
}
