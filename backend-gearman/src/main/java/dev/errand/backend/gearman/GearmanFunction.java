package dev.errand.backend.gearman;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Gearman function of a {@code @Job} method and how its workload and result look on the wire, for Perl, PHP, Python or C peers. Without
 * it (or with {@link Workload#AUTO}) the Java signature decides: one {@code String} or {@code byte[]} parameter is raw
 * bytes, anything else is JSON.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GearmanFunction {
    /**
     * The Gearman function name, when it is not the {@code @Job} name: so two Java views of one function (a raw and a
     * JSON stub, say) can exist, as {@code @Job} names are unique. A worker may serve only one job per function name.
     */
    String name() default "";

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
