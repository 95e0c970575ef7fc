package dev.errand.backend.theschwartz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@code @Job} meets TheSchwartz beyond its name, read by this backend only. Next to the method, because it is
 * part of the job's contract with Perl peers.
 *
 * <pre>{@code
 * @Job(name = "shop::Ship") @TheSchwartzFunction(coalesce = "order")
 * public abstract void ship(String order, int box);   // Perl: find_job_with_coalescing_value('shop::Ship', $order)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TheSchwartzFunction {
    /**
     * The parameter whose value Java enqueues write into the job's {@code coalesce} column, for Perl workers that use
     * {@code find_job_with_coalescing_value}/{@code _prefix}; empty for none. It must be a parameter that stands alone
     * in the {@code arg} hash (a job of several parameters, or of one scalar), or the one {@code String} of a job that
     * takes only it.
     */
    String coalesce() default "";
}
