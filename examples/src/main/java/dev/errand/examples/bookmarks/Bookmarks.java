package dev.errand.examples.bookmarks;

import dev.errand.Errand;
import dev.errand.job.JobId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web side: adding a bookmark stores it and enqueues the follow-up jobs, then returns at
 * once. The unique key makes a double-click enqueue the work only once.
 */
public class Bookmarks {
    private final BookmarkServiceJobs jobs;
    private final Map<String, List<JobId>> saved = new ConcurrentHashMap<>();

    public Bookmarks(Errand errand) {
        this.jobs = new BookmarkServiceJobs(errand);
    }

    /** Handles "POST /bookmarks": returns the ids of the enqueued jobs. */
    public List<JobId> add(String url) {
        List<JobId> ids = List.of(
                jobs.fetchSummary(url).uniqueKey(url).enqueue(),
                jobs.extractKeywords(url, 5).uniqueKey(url).enqueue());
        saved.put(url, ids);
        return ids;
    }
}
