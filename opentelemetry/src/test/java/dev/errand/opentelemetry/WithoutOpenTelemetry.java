package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;

/**
 * Run by {@link WithoutOpenTelemetryTest} in a class loader that lacks {@code io.opentelemetry}: builds a client with
 * errand-opentelemetry on the class path, enqueues and runs a job, and reports what it saw.
 */
public final class WithoutOpenTelemetry {
    private WithoutOpenTelemetry() {}

    public static String run() {
        try (Errand errand =
                Errand.builder().config(ErrandConfig.empty()).backend("memory").build()) {
            Chores chores = new Chores();
            new ChoresJobs(errand).sweep("attic").enqueue();
            long ran = errand.worker().register(chores).build().drain().succeeded();
            return "interceptors=" + errand.interceptors() + " ran=" + ran + " done=" + chores.done;
        }
    }
}
