package dev.errand;

import dev.errand.job.MissedRuns;
import dev.errand.job.RecurringSpec;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@link Job} method without parameters run on a cron schedule. Every worker that runs the job stores the
 * schedule when it starts (keeping its next instant when the expression is unchanged), and the workers together fire
 * each instant exactly once, with no leader; each run is an ordinary job with retries, timeout and timing log.
 *
 * <pre>{@code
 * @Job(queue = "reports")
 * @Recurring(cron = "0 0 2 * * *", zone = "Europe/Berlin")
 * public void nightlyReport() { ... }
 * }</pre>
 *
 * <p>The annotation processor rejects parameters, an expression it cannot parse and an unknown zone as compile
 * errors. See {@code docs/recurring.md}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Recurring {

    /**
     * The cron expression: 5 fields (Unix: {@code min hour day month weekday}), 6 (Spring: with seconds first) or
     * 7 (Quartz: with a year), e.g. {@code "0 0 2 * * *"} for 02:00 every day.
     */
    String cron();

    /** The time zone the expression is read in, an IANA name such as {@code Europe/Berlin}. */
    String zone() default "UTC";

    /** The schedule's name, unique in the store. Default: the job's name. */
    String name() default "";

    /** What to do about instants missed while no worker ran. */
    MissedRuns missed() default MissedRuns.RUN_ONCE;

    /** How many missed instants {@link MissedRuns#RUN_EACH} runs at most. */
    int maxCatchUp() default RecurringSpec.DEFAULT_MAX_CATCH_UP;
}
