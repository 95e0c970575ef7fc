package dev.errand.spi;

import dev.errand.job.JobState;
import dev.errand.job.Names;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs an operator lists, and which page of them: filters on state, queue, job name and
 * enqueue time, an order by enqueue time (then id), and keyset paging: {@link #after} is the
 * {@link JobPage#next()} cursor of the previous page, so a page costs the same at any depth.
 *
 * <pre>{@code
 * JobQuery dead = JobQuery.all().states(JobState.DEAD).queue("mail").limit(50);
 * JobPage page = backend.listJobs(dead);
 * JobPage more = backend.listJobs(dead.after(page.next().orElseThrow()));
 * }</pre>
 *
 * @param states         the states to list; empty lists every state. {@code AVAILABLE} includes due scheduled and
 *                       retrying jobs, as {@code find()} shows them
 * @param queue          only this queue
 * @param name           only this job name
 * @param enqueuedFrom   only jobs enqueued at or after this instant
 * @param enqueuedBefore only jobs enqueued before this instant
 * @param order          newest enqueued first (the default) or oldest first
 * @param limit          the page size, 1 to {@link #MAX_LIMIT}
 * @param after          the cursor of the page before, or empty for the first page
 */
public record JobQuery(
        Set<JobState> states,
        Optional<String> queue,
        Optional<String> name,
        Optional<Instant> enqueuedFrom,
        Optional<Instant> enqueuedBefore,
        Order order,
        int limit,
        Optional<JobCursor> after) {
    /** The largest page: a page is read and returned whole. */
    public static final int MAX_LIMIT = 1000;

    public static final int DEFAULT_LIMIT = 50;

    public JobQuery {
        Objects.requireNonNull(states, "states == null");
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        Objects.requireNonNull(queue, "queue == null").ifPresent(Names::checkQueue);
        Objects.requireNonNull(name, "name == null").ifPresent(Names::checkJobName);
        Objects.requireNonNull(enqueuedFrom, "enqueuedFrom == null");
        Objects.requireNonNull(enqueuedBefore, "enqueuedBefore == null");
        Objects.requireNonNull(order, "order == null");
        Objects.requireNonNull(after, "after == null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + " but was " + limit
                    + "; page through more with the next cursor");
        }
    }

    /** Every job, newest first, {@value #DEFAULT_LIMIT} a page. */
    public static JobQuery all() {
        return new JobQuery(
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Order.NEWEST_FIRST,
                DEFAULT_LIMIT,
                Optional.empty());
    }

    public JobQuery states(JobState... wanted) {
        return new JobQuery(Set.of(wanted), queue, name, enqueuedFrom, enqueuedBefore, order, limit, after);
    }

    public JobQuery queue(String queue) {
        return new JobQuery(states, Optional.of(queue), name, enqueuedFrom, enqueuedBefore, order, limit, after);
    }

    public JobQuery name(String name) {
        return new JobQuery(states, queue, Optional.of(name), enqueuedFrom, enqueuedBefore, order, limit, after);
    }

    /** Only jobs enqueued in {@code [from, before)}; either may be null for no bound. */
    public JobQuery enqueued(Instant from, Instant before) {
        return new JobQuery(
                states, queue, name, Optional.ofNullable(from), Optional.ofNullable(before), order, limit, after);
    }

    public JobQuery oldestFirst() {
        return new JobQuery(states, queue, name, enqueuedFrom, enqueuedBefore, Order.OLDEST_FIRST, limit, after);
    }

    public JobQuery newestFirst() {
        return new JobQuery(states, queue, name, enqueuedFrom, enqueuedBefore, Order.NEWEST_FIRST, limit, after);
    }

    public JobQuery limit(int limit) {
        return new JobQuery(states, queue, name, enqueuedFrom, enqueuedBefore, order, limit, after);
    }

    /** The page after the one whose {@link JobPage#next()} this is. */
    public JobQuery after(JobCursor cursor) {
        return new JobQuery(
                states,
                queue,
                name,
                enqueuedFrom,
                enqueuedBefore,
                order,
                limit,
                Optional.of(Objects.requireNonNull(cursor, "cursor == null")));
    }

    /** The order of a listing: by enqueue time, then id. */
    public enum Order {
        NEWEST_FIRST,
        OLDEST_FIRST
    }

    public boolean isNewestFirst() {
        return order == Order.NEWEST_FIRST;
    }

    /** True when {@code state} passes the state filter. */
    public boolean wants(JobState state) {
        return states.isEmpty() || states.contains(state);
    }
}
