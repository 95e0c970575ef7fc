package dev.errand.spi;

import dev.errand.job.JobInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link JobQuery}.
 *
 * @param jobs the jobs in the query's order
 * @param next the cursor of the next page; empty when this page is the last
 */
public record JobPage(List<JobInfo> jobs, Optional<JobCursor> next) {
    public JobPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(next, "next == null");
    }

    /**
     * The page of up to {@code limit} jobs from {@code fetched}, which holds the matching jobs in order and one more
     * when there is a next page (backends read {@code limit + 1} rows to know).
     */
    public static JobPage of(List<JobInfo> fetched, int limit) {
        if (fetched.size() <= limit) {
            return new JobPage(fetched, Optional.empty());
        }
        List<JobInfo> page = fetched.subList(0, limit);
        JobInfo last = page.get(limit - 1);
        return new JobPage(page, Optional.of(JobCursor.after(last.enqueuedAt(), last.id())));
    }
}
