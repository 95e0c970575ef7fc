package dev.errand.worker;

import dev.errand.codec.Codec;
import dev.errand.config.CoreKeys;
import dev.errand.config.Durations;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.JobInterceptor;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Configures a {@link Worker}: which job classes it runs, on how many threads, from which
 * queues. Values not set here come from {@code errand.worker.*}.
 *
 * <pre>{@code
 * try (Worker w = errand.worker().register(new BookmarkService()).threads(8).start()) { ... }
 * }</pre>
 */
public final class WorkerBuilder {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Worker names share the queue-name alphabet; they are checked with {@link Names#isQueue}. */
    private static final String WORKER_NAME_RULE = "1 to 64 letters, digits or _ . : -";

    private final Backend backend;
    private final Codec codec;
    private final Clock clock;
    private final ErrandConfig config;
    private final int maxPayloadBytes;
    /** The registered targets in registration order; those registered with a factory are created at {@link #build()}. */
    private final List<Supplier<?>> targets = new ArrayList<>();

    private Integer threads;
    private Set<String> queues;
    private Integer batchSize;
    private Duration prefetch;
    private Duration lease;
    private Duration shutdownGrace;
    private String name;
    private RetryPolicy retryPolicy;
    private Consumer<String> timingListener;
    private final List<AttemptListener> attemptListeners = new ArrayList<>();
    private final List<JobInterceptor> interceptors = new ArrayList<>();
    private long maxJobs;
    private Duration maintenanceInterval;

    /**
     * A builder for workers on this backend; {@code config} supplies the {@code errand.worker.*}
     * defaults and {@code maxPayloadBytes} is the largest payload an attempt decodes.
     */
    public WorkerBuilder(Backend backend, Codec codec, Clock clock, ErrandConfig config, int maxPayloadBytes) {
        this.backend = Objects.requireNonNull(backend, "backend == null");
        this.codec = Objects.requireNonNull(codec, "codec == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.config = Objects.requireNonNull(config, "config == null");
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Runs the {@code @Job} methods of these objects; they are shared by all job threads, so keep them thread-safe. */
    public WorkerBuilder register(Object... targets) {
        for (Object target : targets) {
            if (target instanceof Class<?> type) {
                register(type);
            } else {
                Objects.requireNonNull(target, "target == null");
                this.targets.add(() -> target);
            }
        }
        return this;
    }

    /** Creates one instance of {@code type} now, with its public no-argument constructor. */
    public WorkerBuilder register(Class<?> type) {
        try {
            Object target = type.getConstructor().newInstance();
            targets.add(() -> target);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    type.getName() + " has no public no-argument constructor; register an "
                            + "instance or a factory: register(" + type.getSimpleName() + ".class, () -> new "
                            + type.getSimpleName() + "(...))",
                    e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + type.getName() + ": " + e.getCause(), e);
        }
        return this;
    }

    /**
     * Creates the target with {@code factory} when the worker is built, not now: once per
     * {@link #build()} (or {@link #start()}), so every worker built from this builder gets an
     * instance of its own, made after everything else is configured.
     */
    public <T> WorkerBuilder register(Class<T> type, Supplier<? extends T> factory) {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(factory, "factory == null");
        targets.add(
                () -> Objects.requireNonNull(factory.get(), () -> "factory for " + type.getName() + " returned null"));
        return this;
    }

    public WorkerBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Serves these queues instead of the queues of the registered jobs. */
    public WorkerBuilder queues(String... queues) {
        Set<String> set = new LinkedHashSet<>();
        for (String q : queues) {
            set.add(Names.checkQueue(q));
        }
        this.queues = set;
        return this;
    }

    /**
     * Most jobs claimed in one backend call, and most claimed jobs kept waiting beyond the running ones (their leases
     * renewed; handed back unrun on close); how many wait follows {@link #prefetch}.
     */
    public WorkerBuilder batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * How much work the claimed jobs waiting beyond the running ones may hold, at the recent mean run time of this
     * worker's jobs: threads × prefetch / mean run time of them wait, from 1 to {@link #batchSize}. Short jobs are
     * claimed in whole batches (few round trips); long ones about one at a time (no worker holds work an idle one
     * could run).
     */
    public WorkerBuilder prefetch(Duration prefetch) {
        this.prefetch = positive(prefetch, "prefetch");
        return this;
    }

    /** How long a claim holds without a heartbeat: what a crash of this worker delays its jobs by. */
    public WorkerBuilder lease(Duration lease) {
        this.lease = positive(lease, "lease");
        return this;
    }

    /**
     * How often this worker tries to take or renew the store's maintenance lease and, while it holds it, rescues the
     * jobs of workers whose lease expired: one worker of all that share the store does that at a time. At most half
     * the lease (the maintenance lease's term); a third of it by default.
     */
    public WorkerBuilder maintenanceInterval(Duration interval) {
        this.maintenanceInterval = positive(interval, "maintenanceInterval");
        return this;
    }

    public WorkerBuilder shutdownGrace(Duration grace) {
        this.shutdownGrace = positive(grace, "shutdownGrace");
        return this;
    }

    /**
     * A name for logs, leases and the timing log, instead of {@code errand.worker.name}: 1 to 64
     * letters, digits or {@code _ . : -}.
     */
    public WorkerBuilder name(String name) {
        if (!Names.isQueue(name)) {
            throw new IllegalArgumentException("invalid worker name '" + name + "' in name(...) ("
                    + CoreKeys.WORKER_NAME + " in code): expected " + WORKER_NAME_RULE);
        }
        this.name = name;
        return this;
    }

    public WorkerBuilder retryPolicy(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
        return this;
    }

    /**
     * Recycling: after claiming {@code maxJobs} jobs the worker claims no more, finishes the jobs it
     * runs and stops by itself ({@link Worker#stopped()} completes). The worker manager uses it to
     * replace a child process after {@code maxJobsPerChild} jobs, which bounds slow memory growth.
     */
    public WorkerBuilder maxJobs(long maxJobs) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be >= 1 but was " + maxJobs);
        }
        this.maxJobs = maxJobs;
        return this;
    }

    /**
     * Also hands every timing-log line to {@code listener} (on the job thread; keep it quick),
     * e.g. to feed metrics or to assert on it in a test. The SLF4J logger {@code errand.timing}
     * still gets every line.
     */
    public WorkerBuilder timingListener(Consumer<String> listener) {
        this.timingListener = Objects.requireNonNull(listener, "listener == null");
        return this;
    }

    /**
     * Tells {@code listener} of every attempt this worker runs, when it starts and when it ends, with the figures of
     * its timing-log line (whether or not the timing log is enabled); e.g. {@code errand-micrometer}'s metrics.
     * Listeners are called in registration order on the job thread; keep them quick. One that throws is logged
     * and the others still hear of the attempt.
     */
    public WorkerBuilder attemptListener(AttemptListener listener) {
        attemptListeners.add(Objects.requireNonNull(listener, "listener == null"));
        return this;
    }

    /**
     * Opens a {@link JobInterceptor#beginAttempt scope} of {@code interceptor} around every attempt, on the job thread;
     * {@code Errand.worker()} adds the client's interceptors.
     */
    public WorkerBuilder interceptor(JobInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
        return this;
    }

    /** Builds without starting: call {@link Worker#start()} or, in tests, {@link Worker#drain()}. */
    public Worker build() {
        if (targets.isEmpty()) {
            throw new IllegalStateException("register at least one object with @Job methods before building a worker");
        }
        JobRegistry registry = registry();
        WorkerSettings settings = settings(registry);
        Scheduler scheduler =
                settings.fireSchedules() ? new Scheduler(backend, clock, settings.misfireThreshold()) : null;
        return new Worker(
                backend,
                settings,
                registry.definitions(),
                runner(registry, settings),
                DeclaredSchedules.of(registry, codec, clock),
                scheduler);
    }

    /** The settings: this builder's values over {@code errand.worker.*} over the defaults. */
    WorkerSettings settings(JobRegistry registry) {
        String workerName = name != null ? name : configuredName(config);
        Set<String> served = queues != null ? queues : configuredQueues(config, registry);
        Duration leaseDuration = lease != null ? lease : CoreKeys.WORKER_LEASE.get(config);
        return new WorkerSettings(
                host() + ":" + ProcessHandle.current().pid() + ":" + workerName,
                workerName,
                threads != null ? threads : CoreKeys.WORKER_THREADS.get(config),
                Set.copyOf(served),
                batchSize != null ? batchSize : CoreKeys.WORKER_BATCH_SIZE.get(config),
                prefetch != null ? prefetch : CoreKeys.WORKER_PREFETCH.get(config),
                leaseDuration,
                shutdownGrace != null ? shutdownGrace : CoreKeys.WORKER_SHUTDOWN_GRACE.get(config),
                maxJobs,
                maintenanceInterval(config, leaseDuration),
                CoreKeys.WORKER_MISFIRE_THRESHOLD.get(config),
                CoreKeys.WORKER_FIRE_SCHEDULES.get(config));
    }

    /** The maintenance interval, at most half the lease, so the maintenance lease is renewed twice in its term. */
    private Duration maintenanceInterval(ErrandConfig config, Duration leaseDuration) {
        Duration longest = leaseDuration.dividedBy(2);
        Duration interval = maintenanceInterval != null
                ? maintenanceInterval
                : CoreKeys.MAINTENANCE_INTERVAL.get(config, leaseDuration.dividedBy(3));
        if (interval.compareTo(longest) > 0) {
            throw new ErrandConfigException(CoreKeys.MAINTENANCE_INTERVAL + " (" + Durations.format(interval)
                    + ") must be at most half of " + CoreKeys.WORKER_LEASE + " (" + Durations.format(leaseDuration)
                    + "), the term of the maintenance lease, or the worker doing maintenance would lose it between "
                    + "two renewals; set it to " + Durations.format(longest) + " or less, or leave it unset (a third "
                    + "of the lease)");
        }
        return interval;
    }

    /** What runs and records one attempt of the registered jobs. */
    AttemptRunner runner(JobRegistry registry, WorkerSettings settings) {
        RetryPolicy fallback = RetryPolicy.exponential(
                CoreKeys.WORKER_RETRY_BACKOFF.get(config), CoreKeys.WORKER_MAX_BACKOFF.get(config));
        TimingLog timing =
                new TimingLog(CoreKeys.TIMING_ENABLED.get(config), backend.name(), settings.id(), timingListener);
        AttemptRunner runner = new AttemptRunner(
                backend,
                codec,
                clock,
                registry,
                retryPolicy != null ? retryPolicy : fallback,
                fallback,
                timing,
                settings.lease(),
                maxPayloadBytes,
                attemptListeners.isEmpty() ? null : attemptListeners.toArray(AttemptListener[]::new),
                interceptors.isEmpty() ? null : interceptors.toArray(JobInterceptor[]::new));
        return runner;
    }

    /** A registry of everything registered so far, with a new instance from each registered factory. */
    JobRegistry registry() {
        JobRegistry registry = new JobRegistry();
        targets.forEach(target -> registry.register(target.get()));
        return registry;
    }

    /** Builds and starts the worker. */
    public Worker start() {
        return build().start();
    }

    private static String configuredName(ErrandConfig config) {
        String configured = CoreKeys.WORKER_NAME.get(config);
        return configured != null ? configured : "w" + COUNTER.incrementAndGet();
    }

    private static Set<String> configuredQueues(ErrandConfig config, JobRegistry registry) {
        List<String> listed = CoreKeys.WORKER_QUEUES.get(config);
        return listed.isEmpty() ? registry.queues() : new LinkedHashSet<>(listed);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what + " == null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive but was " + d);
        }
        return d;
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        String safe = host.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() ? "localhost" : safe;
    }
}
