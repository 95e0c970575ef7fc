package dev.errand.examples.spring;

import dev.errand.Job;
import java.net.URI;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * The slow follow-up work of adding a bookmark, as {@code @Job} methods of a Spring bean: the worker runs them on this
 * bean, so they use the injected repository. Pages are not fetched (the example needs no network): the title comes
 * from the URL, after a pause that stands for the fetch.
 */
@Service
public class BookmarkEnricher {
    private final BookmarkRepository bookmarks;
    private final BookmarkEnricherJobs jobs;

    public BookmarkEnricher(BookmarkRepository bookmarks, BookmarkEnricherJobs jobs) {
        this.bookmarks = bookmarks;
        this.jobs = jobs;
    }

    @Job(queue = "bookmarks", maxAttempts = 5, timeout = "30s")
    public void fetchTitle(long id) throws InterruptedException {
        Bookmark bookmark = bookmarks.find(id).orElseThrow(() -> new IllegalArgumentException("no bookmark " + id));
        Thread.sleep(100); // the page fetch
        String host = URI.create(bookmark.url()).getHost();
        bookmarks.setTitle(id, host == null ? bookmark.url() : "Home of " + host);
        jobs.categorize(id).enqueue();
    }

    @Job(queue = "bookmarks")
    public void categorize(long id) {
        Bookmark bookmark = bookmarks.find(id).orElseThrow(() -> new IllegalArgumentException("no bookmark " + id));
        String url = bookmark.url().toLowerCase(Locale.ROOT);
        bookmarks.setCategory(id, url.contains("news") ? "news" : url.contains("java") ? "programming" : "other");
    }
}
