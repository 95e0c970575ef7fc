package dev.errand;

import dev.errand.job.JobDefinition;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a job. The Errand annotation processor generates, for the enclosing class
 * {@code Foo}, a typed client stub {@code FooJobs} and a worker dispatcher {@code FooDispatcher}.
 *
 * <pre>{@code
 * public class BookmarkService {
 *     @Job(queue = "bookmarks", maxAttempts = 5)
 *     public Summary fetchSummary(String url) { ... }
 * }
 * }</pre>
 *
 * <p>The method must be a non-private, non-static, non-generic method of a top-level or static
 * nested class. Its parameters and return value travel as JSON, so they must be types Jackson can
 * read back into exactly the declared type: primitives and their boxes, {@code String}, enums,
 * records, arrays, {@code List}/{@code Set}/{@code Map} of those, {@code java.time} values, and
 * concrete classes with a no-argument or {@code @JsonCreator} constructor.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Job {

    /**
     * The job's name, unique in the application. Default: the class's simple name (with its
     * enclosing classes, dot-joined, for a nested class) and the method name, e.g.
     * {@code BookmarkService.fetchSummary} or {@code Outer.Inner.send}.
     */
    String name() default "";

    /** The queue the job is enqueued on; workers serve the queues of the jobs registered with them. */
    String queue() default JobDefinition.DEFAULT_QUEUE;

    /** Higher runs first among available jobs of a queue; equal priorities run oldest first. */
    int priority() default JobDefinition.DEFAULT_PRIORITY;

    /** Attempts before the job is dead (kept with its errors, not retried). At least 1. */
    int maxAttempts() default JobDefinition.DEFAULT_MAX_ATTEMPTS;

    /**
     * Longest time one attempt may run, e.g. {@code "30s"}, {@code "5m"}, {@code "2h"},
     * {@code "500ms"} or ISO-8601 {@code "PT30S"}. An attempt still running then is interrupted
     * and counts as failed. The worker holds a lease on the job while it runs and renews it by
     * heartbeat, so a worker that dies loses the job for at most one lease period.
     */
    String timeout() default JobDefinition.DEFAULT_TIMEOUT_MINUTES + "m";
}
