package dev.errand.micrometer;

import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the jobs a client enqueues ({@code errand.jobs.enqueued}, tagged with job and queue): an interceptor, so
 * give it to the client when you build it, and bind it to your registries. A duplicate of a job holding the same
 * unique key is not stored and not counted.
 *
 * <pre>{@code
 * EnqueueMetrics enqueues = new EnqueueMetrics();
 * Errand errand = Errand.builder().interceptor(enqueues).build();
 * enqueues.bindTo(registry);
 * }</pre>
 */
public final class EnqueueMetrics implements JobInterceptor, MeterBinder {
    static final String ENQUEUED = "errand.jobs.enqueued";

    private final Tags tags;
    private final List<Registry> registries = new CopyOnWriteArrayList<>();

    public EnqueueMetrics() {
        this(Tags.empty());
    }

    /** With these tags on the counters, e.g. {@code application}. */
    public EnqueueMetrics(Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags == null"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(new Registry(Objects.requireNonNull(registry, "registry == null"), tags));
    }

    @Override
    public void enqueued(NewJob job, EnqueueResult result) {
        if (result.duplicate()) {
            return;
        }
        for (Registry registry : registries) {
            registry.counter(job.name(), job.queue()).increment();
        }
    }

    @Override
    public String toString() {
        return "EnqueueMetrics";
    }

    /** The counters of one registry, by job, then queue: looked up without allocating. */
    private record Registry(MeterRegistry registry, Tags tags, Map<String, Map<String, Counter>> counters) {
        Registry(MeterRegistry registry, Tags tags) {
            this(registry, tags, new ConcurrentHashMap<>());
        }

        Counter counter(String job, String queue) {
            Map<String, Counter> byQueue = counters.get(job);
            Counter c = byQueue == null ? null : byQueue.get(queue);
            return c != null
                    ? c
                    : counters.computeIfAbsent(job, j -> new ConcurrentHashMap<>())
                            .computeIfAbsent(
                                    queue,
                                    q -> Counter.builder(ENQUEUED)
                                            .tags(tags.and("job", job, "queue", q))
                                            .description(
                                                    "Jobs enqueued (stored; a duplicate of a unique key is not counted)")
                                            .register(registry));
        }
    }
}
