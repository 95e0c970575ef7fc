package dev.errand.examples.bookmarks;

import dev.errand.Job;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The slow follow-up work after a bookmark is added: fetch the page's
 * summary, extract keywords, decide a category. Each is a job, so the web request that adds the
 * bookmark returns at once and workers do the rest.
 */
public class BookmarkService {
    private final Pages pages;

    public BookmarkService() {
        this(new Pages());
    }

    public BookmarkService(Pages pages) {
        this.pages = pages;
    }

    @Job(queue = "bookmarks", maxAttempts = 5, timeout = "30s")
    public Summary fetchSummary(String url) {
        Pages.Page page = pages.fetch(url);
        String text = page.body();
        String firstSentence = text.contains(".") ? text.substring(0, text.indexOf('.') + 1) : text;
        return new Summary(url, page.title(), firstSentence, text.split("\\s+").length);
    }

    @Job(queue = "bookmarks")
    public List<String> extractKeywords(String url, int limit) {
        Map<String, Long> counts = Arrays.stream(
                        pages.fetch(url).body().toLowerCase(Locale.ROOT).split("[^a-z]+"))
                .filter(w -> w.length() > 4)
                .collect(Collectors.groupingBy(w -> w, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Job(queue = "bookmarks", priority = -1)
    public Category categorize(String url, List<String> keywords) {
        for (Category c : Category.values()) {
            if (keywords.stream().anyMatch(c::matches) || url.contains(c.name().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return Category.OTHER;
    }

    /** What a bookmark's page says, in short. */
    public record Summary(String url, String title, String firstSentence, int words) {}

    public enum Category {
        PROGRAMMING("java", "queue", "database", "worker"),
        SCIENCE("physics", "biology", "climate"),
        NEWS("election", "market", "report"),
        OTHER;

        private final List<String> words;

        Category(String... words) {
            this.words = List.of(words);
        }

        boolean matches(String keyword) {
            return words.stream().anyMatch(keyword::startsWith);
        }
    }
}
