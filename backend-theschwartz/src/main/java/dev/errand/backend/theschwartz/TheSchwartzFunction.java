package dev.errand.backend.theschwartz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@code @Job} meets TheSchwartz beyond its name, read by this backend only. Next to the method, because it is
 * part of the job's contract with Perl peers. Checked when a worker registers the job and when it is first enqueued;
 * a combination that cannot work throws {@code ErrandConfigException} naming the method.
 *
 * <pre>{@code
 * @Job(name = "shop::Ship") @TheSchwartzFunction(coalesce = "order")
 * public abstract void ship(String order, int box);   // Perl: find_job_with_coalescing_value('shop::Ship', $order)
 *
 * @Job(name = "shop.pair") @TheSchwartzFunction(name = "shop::Pair", arg = Arg.ARRAY)
 * public abstract void pair(String sku, int count);   // Perl: my ($sku, $count) = @{ $job->arg };
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TheSchwartzFunction {
    /**
     * The TheSchwartz function name ({@code funcmap.funcname}, the Perl worker class), when it is not the {@code @Job}
     * name: so two Java views of one function (a hash-shaped and a raw one, say) can exist, as {@code @Job} names are
     * unique. A worker may register only one job per function name.
     */
    String name() default "";

    /** How the parameters map to the job's {@code arg}, both ways. */
    Arg arg() default Arg.AUTO;

    /**
     * The parameter whose value Java enqueues write into the job's {@code coalesce} column, for Perl workers that use
     * {@code find_job_with_coalescing_value}/{@code _prefix}; empty for none. It must be a scalar parameter (a string,
     * number, enum...), or the one {@code String} of a job that takes only it.
     */
    String coalesce() default "";

    /** The shapes of {@code arg}, as Perl code sees {@code $job->arg}. */
    enum Arg {
        /**
         * Decided by the signature and, when reading, by the shape Perl sent: a plain string for one {@code String} or
         * {@code byte[]} parameter, the value itself for one record, map, list or array, else a hash by parameter name.
         * Reading also takes an array in parameter order, or a lone scalar for one parameter.
         */
        AUTO,
        /** A hash keyed by parameter name: {@code $job->arg->{name}}. Reading takes nothing else. */
        HASH,
        /** An array in parameter order: {@code $job->arg->[0]}. Reading takes an array of exactly that many items. */
        ARRAY,
        /**
         * The one parameter's value as a whole: a hash or array for a record, map or list, a scalar reference for a
         * scalar ({@code ${ $job->arg }}). Only for a job of one parameter.
         */
        VALUE,
        /**
         * Plain bytes, as Perl's {@code insert($func, "text")} stores them: only for a job of one {@code String}
         * (UTF-8) or {@code byte[]} parameter. Bytes that start like a Storable image are refused at call time, as
         * Perl would try to thaw them.
         */
        RAW,
        /**
         * JSON text as a plain string, for Perl code that calls {@code decode_json($job->arg)}: an object by parameter
         * name (the value itself for one record, map, list or array). Reading takes an object, an array in order or a
         * lone value, as {@link #AUTO} does.
         */
        JSON
    }
}
