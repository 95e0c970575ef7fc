package dev.errand.micrometer;

import dev.errand.spi.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The per-queue gauges of one registry. Queues appear as jobs are enqueued: each reading of {@code errand.queues}
 * (one gauge that is always there) adds the gauges of queues seen for the first time.
 */
final class QueueGauges {
    static final String QUEUES = "errand.queues";
    static final String JOBS = "errand.queue.jobs";
    static final String OLDEST = "errand.queue.oldest.age";

    private final MeterRegistry registry;
    private final Tags common;
    private final QueueStatsCache stats;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    QueueGauges(MeterRegistry registry, Tags common, QueueStatsCache stats) {
        this.registry = registry;
        this.common = common;
        this.stats = stats;
        Gauge.builder(QUEUES, this, QueueGauges::readQueues)
                .tags(common)
                .strongReference(true)
                .description("Queues with unfinished jobs")
                .register(registry);
        ensure(stats.get().keySet());
    }

    private double readQueues() {
        var read = stats.get();
        ensure(read.keySet());
        return read.size();
    }

    /** Registers the gauges of these queues, once each. */
    void ensure(Collection<String> queues) {
        for (String queue : queues) {
            if (known.add(queue)) {
                register(queue);
            }
        }
    }

    private void register(String queue) {
        Tags tags = common.and("queue", queue);
        jobs(queue, tags, "available", QueueStats::available);
        jobs(queue, tags, "scheduled", QueueStats::scheduled);
        jobs(queue, tags, "running", QueueStats::running);
        jobs(queue, tags, "retryable", QueueStats::retryable);
        Gauge.builder(OLDEST, stats, s -> {
                    QueueStats q = s.get().get(queue);
                    return q == null ? 0 : q.oldestAge(s.now()).toNanos() / 1e9;
                })
                .tags(tags)
                .baseUnit("seconds")
                .strongReference(true)
                .description("How long the longest-waiting available job has waited")
                .register(registry);
    }

    private void jobs(String queue, Tags tags, String state, ToLongFunction<QueueStats> count) {
        Gauge.builder(JOBS, stats, s -> {
                    QueueStats q = s.get().get(queue);
                    return q == null ? 0 : count.applyAsLong(q);
                })
                .tags(tags)
                .tag("state", state)
                .baseUnit("jobs")
                .strongReference(true)
                .description("Unfinished jobs of the queue, by state")
                .register(registry);
    }
}
