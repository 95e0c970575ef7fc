package dev.errand.backend.theschwartz;

import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import dev.errand.job.JobDefinition;

/**
 * A {@code @Job} as TheSchwartz sees it: its function name, the shape of its {@code arg} and the index of the
 * parameter that feeds {@code coalesce} (-1: none), checked against the signature ({@link Functions}).
 */
record Function(JobDefinition<?> job, String funcname, Arg arg, int coalesce) {
    /** {@code Class.method}, as errors name a job's method. */
    String method() {
        return method(job);
    }

    static String method(JobDefinition<?> job) {
        return job.targetType().getName() + "." + job.methodName();
    }
}
