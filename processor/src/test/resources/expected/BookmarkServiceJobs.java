package com.example;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.TypeRef;
import dev.errand.job.JobDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Typed client stub for the {@code @Job} methods of {@link BookmarkService}: each method returns a
 * {@link JobCall} to enqueue, submit or call the job.
 */
@Generated("dev.errand.processor.JobProcessor")
public final class BookmarkServiceJobs {
  public static final JobDefinition<Summary> FETCH_SUMMARY = JobDefinition.<Summary>builder("BookmarkService.fetchSummary", BookmarkService.class, "fetchSummary")
      .queue("bookmarks").priority(0).maxAttempts(5).timeout(Duration.ofMillis(300000))
      .parameter("url", String.class)
      .parameter("tags", new TypeRef<List<String>>() {}.type())
      .returnType(Summary.class)
      .signature("(java.lang.String url, java.util.List<java.lang.String> tags)")
      .build();

  public static final JobDefinition<List<String>> EXTRACT_KEYWORDS = JobDefinition.<List<String>>builder("BookmarkService.extractKeywords", BookmarkService.class, "extractKeywords")
      .queue("bookmarks").priority(10).maxAttempts(5).timeout(Duration.ofMillis(30000))
      .parameter("url", String.class)
      .parameter("weights", new TypeRef<Map<String, Integer>>() {}.type())
      .returnType(new TypeRef<List<String>>() {}.type())
      .signature("(java.lang.String url, java.util.Map<java.lang.String, java.lang.Integer> weights)")
      .build();

  public static final JobDefinition<Category> CATEGORIZE = JobDefinition.<Category>builder("bookmarks.categorize", BookmarkService.class, "categorize")
      .queue("bookmarks").priority(0).maxAttempts(5).timeout(Duration.ofMillis(300000))
      .parameter("summary", Summary.class)
      .returnType(Category.class)
      .signature("(com.example.Summary summary)")
      .build();

  public static final JobDefinition<Integer> COUNT_LINKS = JobDefinition.<Integer>builder("BookmarkService.countLinks", BookmarkService.class, "countLinks")
      .queue("default").priority(0).maxAttempts(5).timeout(Duration.ofMillis(500))
      .parameter("positions", int[].class)
      .parameter("options", BookmarkService.CrawlOptions.class)
      .returnType(int.class)
      .signature("(int[] positions, com.example.BookmarkService.CrawlOptions options)")
      .build();

  public static final JobDefinition<Void> PING = JobDefinition.<Void>builder("BookmarkService.ping", BookmarkService.class, "ping")
      .queue("default").priority(0).maxAttempts(5).timeout(Duration.ofMillis(300000))
      .parameter("attempt", int.class)
      .returnType(void.class)
      .signature("(int attempt)")
      .build();

  public static final JobDefinition<Void> TAG_ALL = JobDefinition.<Void>builder("bookmarks.tagAll", BookmarkService.class, "tagAll")
      .queue("default").priority(0).maxAttempts(1).timeout(Duration.ofMillis(7200000))
      .parameter("tags", String[].class)
      .returnType(void.class)
      .signature("(java.lang.String[] tags)")
      .build();

  private final Errand errand;

  public BookmarkServiceJobs(Errand errand) {
    this.errand = Objects.requireNonNull(errand, "errand == null");
  }

  /**
   * Calls {@link BookmarkService#fetchSummary(String, List)} as a job on queue {@code bookmarks}.
   */
  public JobCall<Summary> fetchSummary(String url, List<String> tags) {
    return errand.newCall(FETCH_SUMMARY, url, tags);
  }

  /**
   * Calls {@link BookmarkService#extractKeywords(String, Map)} as a job on queue {@code bookmarks}.
   */
  public JobCall<List<String>> extractKeywords(String url, Map<String, Integer> weights) {
    return errand.newCall(EXTRACT_KEYWORDS, url, weights);
  }

  /**
   * Calls {@link BookmarkService#categorize(Summary)} as a job on queue {@code bookmarks}.
   */
  public JobCall<Category> categorize(Summary summary) {
    return errand.newCall(CATEGORIZE, summary);
  }

  /**
   * Calls {@link BookmarkService#countLinks(int[], BookmarkService.CrawlOptions)} as a job on queue {@code default}.
   */
  public JobCall<Integer> countLinks(int[] positions, BookmarkService.CrawlOptions options) {
    return errand.newCall(COUNT_LINKS, positions, options);
  }

  /**
   * Calls {@link BookmarkService#ping(int)} as a job on queue {@code default}.
   */
  public JobCall<Void> ping(int attempt) {
    return errand.newCall(PING, attempt);
  }

  /**
   * Calls {@link BookmarkService#tagAll(String[])} as a job on queue {@code default}.
   */
  public JobCall<Void> tagAll(String... tags) {
    return errand.newCall(TAG_ALL, (Object) tags);
  }
}
