package dev.errand.examples.bookmarks;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stands in for an HTTP client so the demo runs without a network: a few known pages, each
 * "fetched" with a realistic pause of 50 to 150 ms.
 */
public class Pages {
    record Page(String title, String body) {}

    private static final Map<String, Page> KNOWN = Map.of(
            "https://example.org/java-queues",
                    new Page(
                            "Job queues in Java",
                            "A job queue moves slow work out of the request. Workers claim queued jobs from the database, "
                                    + "and the queue absorbs bursts. Workers retry failed jobs; the queue keeps every error."),
            "https://example.org/climate",
                    new Page(
                            "Climate report",
                            "The climate report shows warming oceans. Biology and physics explain the climate feedback loops."),
            "https://example.org/markets",
                    new Page(
                            "Markets today",
                            "The market report after the election: markets rose. Analysts expect the market to settle."),
            "https://example.org/gardening",
                    new Page(
                            "Spring gardening",
                            "Plant tomatoes after the last frost. Water gently and mulch the garden beds."));

    Page fetch(String url) {
        Page page = KNOWN.get(url);
        if (page == null) {
            throw new IllegalArgumentException("404 Not Found: " + url);
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 150));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + url, e);
        }
        return page;
    }
}
