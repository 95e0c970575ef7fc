package dev.errand.micrometer;

import dev.errand.Errand;
import dev.errand.spi.Backend;
import dev.errand.worker.AttemptEvent;
import dev.errand.worker.AttemptListener;
import dev.errand.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Errand's metrics for Micrometer (names, tags and units: {@code docs/metrics.md}). Bind it to a registry, and
 * register it with each worker as its attempt listener:
 *
 * <pre>{@code
 * ErrandMetrics metrics = ErrandMetrics.builder(errand).build();
 * metrics.bindTo(registry);
 * Worker worker = errand.worker().register(new BookmarkService()).attemptListener(metrics).start();
 * metrics.bindTo(worker);
 * }</pre>
 *
 * Attempt counters and the delay and process timers are tagged with the job's name and queue only, never ids or
 * arguments, so their number is bounded by the {@code @Job} methods. Queue gauges read {@link Backend#queueStats()}
 * at most once per {@link Builder#queueStatsInterval interval}, however often they are scraped.
 */
public final class ErrandMetrics implements MeterBinder, AttemptListener {
    private final QueueStatsCache stats;
    private final Tags tags;
    private final boolean histograms;
    private final List<AttemptMeters> registries = new CopyOnWriteArrayList<>();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<QueueGauges> queueGauges = new CopyOnWriteArrayList<>();

    private ErrandMetrics(Builder b) {
        this.stats = new QueueStatsCache(b.backend, b.clock, b.queueStatsInterval);
        this.tags = b.tags;
        this.histograms = b.histograms;
    }

    /** Metrics of the jobs of this client's backend. */
    public static Builder builder(Errand errand) {
        Objects.requireNonNull(errand, "errand == null");
        return new Builder(errand.backend(), errand.clock());
    }

    /** Metrics of the jobs of this backend. */
    public static Builder builder(Backend backend) {
        return new Builder(Objects.requireNonNull(backend, "backend == null"), Clock.systemUTC());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry == null");
        registries.add(new AttemptMeters(registry, tags, histograms));
        QueueGauges gauges = new QueueGauges(registry, tags, stats);
        queueGauges.add(gauges);
        for (Worker worker : workers) {
            WorkerGauges.register(registry, tags, worker);
            gauges.ensure(worker.queues());
        }
    }

    /**
     * Adds the gauges of this worker (its busy and total threads) to every registry this is bound to, and the
     * gauges of the queues it serves. Register this object as the worker's attempt listener too, for its attempts.
     */
    public ErrandMetrics bindTo(Worker worker) {
        Objects.requireNonNull(worker, "worker == null");
        workers.add(worker);
        for (AttemptMeters meters : registries) {
            WorkerGauges.register(meters.registry(), tags, worker);
        }
        for (QueueGauges gauges : queueGauges) {
            gauges.ensure(worker.queues());
        }
        return this;
    }

    @Override
    public void started(String job, String queue) {
        for (AttemptMeters meters : registries) {
            meters.started(job, queue);
        }
    }

    @Override
    public void finished(AttemptEvent event) {
        for (AttemptMeters meters : registries) {
            meters.finished(event);
        }
    }

    @Override
    public String toString() {
        return "ErrandMetrics" + registries;
    }

    /** How the metrics are made; every setting has a default. */
    public static final class Builder {
        private final Backend backend;
        private Clock clock;
        private Duration queueStatsInterval = Duration.ofSeconds(5);
        private Tags tags = Tags.empty();
        private boolean histograms = false;

        private Builder(Backend backend, Clock clock) {
            this.backend = backend;
            this.clock = clock;
        }

        /**
         * The longest the queue gauges show an old reading: one {@code queueStats()} call per interval at most,
         * however many scrapes ask. Default 5 seconds.
         */
        public Builder queueStatsInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval == null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("queueStatsInterval must not be negative but was " + interval);
            }
            this.queueStatsInterval = interval;
            return this;
        }

        /** Tags added to every meter, e.g. {@code application}. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags == null"));
            return this;
        }

        /**
         * Whether the delay and process timers publish percentile histogram buckets, so a Prometheus or similar
         * backend can compute percentiles across workers. Default false, as Micrometer advises for a library: the
         * buckets cost about 0.2 µs per attempt, which a no-op job on the memory backend feels (its drain keeps 56 %
         * of its rate with them, 83 % without). A registry's {@code MeterFilter} overrides it, e.g. Spring Boot's
         * {@code management.metrics.distribution.percentiles-histogram.errand=true}.
         */
        public Builder percentileHistograms(boolean histograms) {
            this.histograms = histograms;
            return this;
        }

        /** The clock the queue-stats interval and the oldest job's age are measured with. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        public ErrandMetrics build() {
            return new ErrandMetrics(this);
        }
    }
}
