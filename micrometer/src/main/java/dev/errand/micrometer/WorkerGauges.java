package dev.errand.micrometer;

import dev.errand.worker.Worker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A worker's busy and total job threads, and its claims (calls to the store, with and without jobs, and the jobs they
 * brought), tagged with its name (the last part of its id).
 */
final class WorkerGauges {
    static final String BUSY = "errand.worker.threads.busy";
    static final String THREADS = "errand.worker.threads";
    static final String CLAIMS = "errand.worker.claims";
    static final String CLAIMED = "errand.worker.claimed";

    private WorkerGauges() {}

    static void register(MeterRegistry registry, Tags common, Worker worker) {
        Tags tags = common.and("worker", name(worker));
        Gauge.builder(BUSY, worker, w -> w.isStopped() ? 0 : w.busyThreads())
                .tags(tags)
                .description("Job threads running an attempt")
                .baseUnit("threads")
                .register(registry);
        Gauge.builder(THREADS, worker, w -> w.isStopped() ? 0 : w.threads())
                .tags(tags)
                .description("Job threads of the worker")
                .baseUnit("threads")
                .register(registry);
        FunctionCounter.builder(
                        CLAIMS,
                        worker,
                        w -> w.claimStats().claims() - w.claimStats().emptyClaims())
                .tags(tags.and("result", "jobs"))
                .description("Claims that brought jobs")
                .baseUnit("claims")
                .register(registry);
        FunctionCounter.builder(CLAIMS, worker, w -> w.claimStats().emptyClaims())
                .tags(tags.and("result", "empty"))
                .description("Claims that found no job: many while jobs wait means workers compete for them")
                .baseUnit("claims")
                .register(registry);
        FunctionCounter.builder(CLAIMED, worker, w -> w.claimStats().jobs())
                .tags(tags)
                .description("Jobs claimed")
                .baseUnit("jobs")
                .register(registry);
    }

    /** {@code host:pid:name} → {@code name}: the part that stays the same across restarts. */
    static String name(Worker worker) {
        String id = worker.id();
        return id.substring(id.lastIndexOf(':') + 1);
    }
}
