package dev.errand.backend.gearman;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@code @Job} method's workload and result look on the Gearman wire, for Perl, PHP, Python or C peers. Without
 * it (or with {@link Workload#AUTO}) the Java signature decides: one {@code String} or {@code byte[]} parameter is raw
 * bytes, anything else is JSON.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GearmanFunction {
    Workload workload() default Workload.AUTO;

    /** The wire formats. */
    enum Workload {
        /** Decided by the signature: {@link #RAW} for one {@code String}/{@code byte[]} parameter, else {@link #JSON}. */
        AUTO,
        /** The bytes as they are: only for one {@code String} ({@code errand.gearman.charset}) or {@code byte[]} parameter. */
        RAW,
        /** One JSON document: an object by parameter name, an array in order, or the bare value of a one-parameter job. */
        JSON
    }
}
