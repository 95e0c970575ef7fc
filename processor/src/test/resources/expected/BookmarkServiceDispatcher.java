package com.example;

import dev.errand.job.JobDefinition;
import dev.errand.spi.JobDispatcher;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Calls the {@code @Job} methods of {@link BookmarkService} for the worker; registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.errand.spi.JobDispatcher}.
 */
@Generated("dev.errand.processor.JobProcessor")
public final class BookmarkServiceDispatcher implements JobDispatcher<BookmarkService> {
  private static final List<JobDefinition<?>> JOBS = List.of(
      BookmarkServiceJobs.FETCH_SUMMARY,
      BookmarkServiceJobs.EXTRACT_KEYWORDS,
      BookmarkServiceJobs.CATEGORIZE,
      BookmarkServiceJobs.COUNT_LINKS,
      BookmarkServiceJobs.PING,
      BookmarkServiceJobs.TAG_ALL);

  public BookmarkServiceDispatcher() {
  }

  @Override
  public Class<BookmarkService> targetType() {
    return BookmarkService.class;
  }

  @Override
  public List<JobDefinition<?>> jobs() {
    return JOBS;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object dispatch(BookmarkService target, JobDefinition<?> job, Object[] args) throws
      Throwable {
    switch (job.name()) {
      case "BookmarkService.fetchSummary":
        return target.fetchSummary((String) args[0], (List<String>) args[1]);
      case "BookmarkService.extractKeywords":
        return target.extractKeywords((String) args[0], (Map<String, Integer>) args[1]);
      case "bookmarks.categorize":
        return target.categorize((Summary) args[0]);
      case "BookmarkService.countLinks":
        return target.countLinks((int[]) args[0], (BookmarkService.CrawlOptions) args[1]);
      case "BookmarkService.ping":
        target.ping((int) args[0]);
        return null;
      case "bookmarks.tagAll":
        target.tagAll((String[]) args[0]);
        return null;
      default:
        throw new IllegalArgumentException("BookmarkServiceDispatcher has no job named " + job.name() + "; known: BookmarkService.fetchSummary, BookmarkService.extractKeywords, bookmarks.categorize, BookmarkService.countLinks, BookmarkService.ping, bookmarks.tagAll");
    }
  }
}
