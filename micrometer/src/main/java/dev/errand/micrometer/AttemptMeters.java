package dev.errand.micrometer;

import dev.errand.worker.AttemptEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The attempt counters and timers of one registry, looked up once per job and queue. */
final class AttemptMeters {
    static final String STARTED = "errand.attempts.started";
    static final String FINISHED = "errand.attempts";
    static final String DELAY = "errand.job.delay";
    static final String PROCESS = "errand.job.process";

    private final MeterRegistry registry;
    private final Tags common;
    private final boolean histograms;
    /** By job, then queue: looked up without allocating, once per attempt start and end. */
    private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();

    AttemptMeters(MeterRegistry registry, Tags common, boolean histograms) {
        this.registry = registry;
        this.common = common;
        this.histograms = histograms;
    }

    MeterRegistry registry() {
        return registry;
    }

    void started(String job, String queue) {
        meters(job, queue).started.increment();
    }

    void finished(AttemptEvent event) {
        Meters m = meters(event.job(), event.queue());
        m.outcomes[event.outcome().ordinal()].increment();
        if (event.delayKnown()) { // an unknown delay (delay_ms=unknown) is left out, not recorded as zero
            m.delay.record(event.delay());
        }
        m.process.record(event.process());
    }

    private Meters meters(String job, String queue) {
        Map<String, Meters> byQueue = meters.get(job);
        Meters m = byQueue == null ? null : byQueue.get(queue);
        return m != null
                ? m
                : meters.computeIfAbsent(job, j -> new ConcurrentHashMap<>())
                        .computeIfAbsent(queue, q -> create(job, q));
    }

    private Meters create(String job, String queue) {
        Tags tags = common.and("job", job, "queue", queue);
        Counter started = Counter.builder(STARTED)
                .tags(tags)
                .description("Attempts started")
                .register(registry);
        AttemptEvent.Outcome[] values = AttemptEvent.Outcome.values();
        Counter[] outcomes = new Counter[values.length];
        for (AttemptEvent.Outcome outcome : values) {
            outcomes[outcome.ordinal()] = Counter.builder(FINISHED)
                    .tags(tags)
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("Attempts finished, by outcome: succeeded, failed (to be retried) or dead")
                    .register(registry);
        }
        Timer delay = Timer.builder(DELAY)
                .tags(tags)
                .publishPercentileHistogram(histograms)
                .description("From when a job was due to when its attempt started")
                .register(registry);
        Timer process = Timer.builder(PROCESS)
                .tags(tags)
                .publishPercentileHistogram(histograms)
                .description("How long an attempt ran")
                .register(registry);
        return new Meters(started, outcomes, delay, process);
    }

    @Override
    public String toString() {
        return registry.getClass().getSimpleName();
    }

    private record Meters(Counter started, Counter[] outcomes, Timer delay, Timer process) {}
}
