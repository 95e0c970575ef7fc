package com.example;

import dev.errand.Job;
import java.util.List;
import java.util.Map;

public class BookmarkService {

    /** Crawl settings: a plain class with a public no-arg constructor travels as JSON. */
    public static class CrawlOptions {
        public int depth;
        public boolean followRedirects;
    }

    @Job(queue = "bookmarks", maxAttempts = 5, timeout = "5m")
    public Summary fetchSummary(String url, List<String> tags) {
        return new Summary(url, "title of " + url, tags, Category.OTHER);
    }

    @Job(queue = "bookmarks", priority = 10, timeout = "30s")
    public List<String> extractKeywords(String url, Map<String, Integer> weights) {
        return List.copyOf(weights.keySet());
    }

    @Job(name = "bookmarks.categorize", queue = "bookmarks")
    public Category categorize(Summary summary) {
        return summary.category();
    }

    @Job(timeout = "500ms")
    public int countLinks(int[] positions, CrawlOptions options) {
        return positions.length * options.depth;
    }

    @Job
    public void ping(int attempt) {
    }

    @Job(name = "bookmarks.tagAll", maxAttempts = 1, timeout = "PT2H")
    void tagAll(String... tags) {
    }
}
