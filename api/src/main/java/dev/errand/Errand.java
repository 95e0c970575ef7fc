package dev.errand;

import dev.errand.codec.Codec;
import dev.errand.codec.JsonCodec;
import dev.errand.config.ConfigLoader;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendProvider;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.worker.RetryPolicy;
import dev.errand.worker.Worker;
import dev.errand.worker.WorkerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The client: enqueues jobs through the generated stubs, waits for results, and starts workers.
 * One per application, thread-safe; {@link #close()} closes the backend.
 *
 * <pre>{@code
 * try (Errand errand = Errand.fromProperties()) {
 *     BookmarkServiceJobs jobs = new BookmarkServiceJobs(errand);
 *     jobs.fetchSummary(url).enqueue();
 * }
 * }</pre>
 */
public final class Errand implements AutoCloseable {
    /** The source that messages name for properties given in code. */
    private static final String IN_CODE = "properties given in code";

    private final ErrandConfig config;
    private final Backend backend;
    private final Codec codec;
    private final Clock clock;
    private final Duration callTimeout;
    private final int maxPayloadBytes;
    private final Worker inlineWorker;
    private final CapabilityCheck check;
    private final JobInterceptors interceptors;
    /** Whether interceptors may add headers: the backend stores them. */
    private final boolean headers;

    /** @param provider the provider that made {@code backend}; null for a backend instance given to the builder */
    private Errand(ErrandBuilder b, ErrandConfig config, Backend backend, BackendProvider provider) {
        this.config = config;
        this.backend = backend;
        this.clock = b.clock;
        this.check = new CapabilityCheck(backend);
        this.codec = b.codec != null ? b.codec : backendCodec(provider, config);
        this.callTimeout = CoreKeys.CALL_TIMEOUT.get(config);
        this.maxPayloadBytes = CoreKeys.PAYLOAD_MAX_BYTES.get(config);
        this.interceptors = JobInterceptors.resolve(b.interceptors, config);
        this.headers = backend.capabilities().contains(dev.errand.spi.Capability.HEADERS);
        this.inlineWorker = b.inlineTargets.isEmpty()
                ? null
                : worker().register(b.inlineTargets.toArray())
                        .retryPolicy(RetryPolicy.immediate())
                        .build();
    }

    /**
     * Reads {@code errand.properties} (the file named by {@code -Derrand.config} or
     * {@code ERRAND_CONFIG}, else the one on the class path), applies {@code errand.*} system
     * properties over it, and connects to the backend it names. See {@link ConfigLoader}.
     */
    public static Errand fromProperties() {
        return builder().build();
    }

    /** Like {@link #fromProperties()} with this file instead; {@code errand.*} system properties still override it. */
    public static Errand fromProperties(Path file) {
        return builder().config(ConfigLoader.load(file)).build();
    }

    /**
     * Like {@link #fromProperties()} with these properties instead of a file (e.g. from your own
     * configuration system); {@code errand.*} system properties still override them. Checked and
     * resolved as a file is: an unknown {@code errand.*} key fails, {@code ${env:NAME}} and
     * {@code ${file:PATH}} references are resolved.
     */
    public static Errand fromProperties(java.util.Properties properties) {
        return builder().config(ConfigLoader.load(properties, IN_CODE)).build();
    }

    /** Like {@link #fromProperties(java.util.Properties)}, from a map of {@code errand.*} keys and values. */
    public static Errand fromProperties(Map<String, String> properties) {
        return builder().config(ConfigLoader.load(properties, IN_CODE)).build();
    }

    /**
     * Starts from what {@link #fromProperties()} reads (the properties file, then {@code errand.*}
     * system properties); the builder's {@link ErrandBuilder#property property} and
     * {@link ErrandBuilder#backend(String) backend} calls override both. {@link ErrandBuilder#config}
     * replaces that starting point, e.g. with {@code ErrandConfig.empty()} for a configuration made
     * in code alone.
     */
    public static ErrandBuilder builder() {
        return new ErrandBuilder();
    }

    static Errand create(ErrandBuilder b, ErrandConfig config, Backend backend, BackendProvider provider) {
        return new Errand(b, config, backend, provider);
    }

    /** The JSON codec, or what the backend's provider makes of it for its wire format. */
    private static Codec backendCodec(BackendProvider provider, ErrandConfig config) {
        Codec json = new JsonCodec(CoreKeys.PAYLOAD_MAX_DEPTH.get(config));
        if (provider == null) {
            return json;
        }
        return Objects.requireNonNull(
                provider.codec(config, json), () -> "backend provider " + provider.name() + " returned a null codec");
    }

    /** Used by generated stubs: one invocation of {@code job} with these arguments. */
    public <R> JobCall<R> newCall(JobDefinition<R> job, Object... args) {
        return new JobCall<>(this, Objects.requireNonNull(job, "job == null"), args);
    }

    /** Enqueues many jobs in one backend round trip; ids in the same order. */
    public List<JobId> enqueueAll(Collection<? extends JobCall<?>> calls) {
        List<EnqueueResult> results = store(List.copyOf(calls), false);
        List<JobId> ids = new ArrayList<>(results.size());
        results.forEach(r -> ids.add(r.id()));
        return ids;
    }

    /** Enqueues many jobs in one backend round trip; futures in the same order. */
    public <R> List<JobFuture<R>> submitAll(Collection<? extends JobCall<R>> calls) {
        List<JobCall<R>> list = List.copyOf(calls);
        for (JobCall<R> call : list) {
            check.result(call.job(), "submitAll()");
        }
        List<EnqueueResult> results = store(list, true);
        List<JobFuture<R>> futures = new ArrayList<>(results.size());
        for (int i = 0; i < list.size(); i++) {
            futures.add(futureOf(list.get(i).job(), results.get(i).id()));
        }
        return futures;
    }

    /**
     * Runs {@code call} at each instant of {@code cron} (in UTC) from now on, on any worker of the store, each instant
     * once; defines schedule {@code name} or updates it. More forms, listing, pause, resume and delete:
     * {@link #schedules()}.
     *
     * @throws IllegalArgumentException naming the schedule and the expression when it cannot be read
     */
    public ScheduleInfo recurring(String name, String cron, JobCall<?> call) {
        return schedules().define(name, cron, call);
    }

    /** The recurring jobs of the store. */
    public Schedules schedules() {
        return new Schedules(backend, clock, this::toNewJob);
    }

    /** What the backend knows about a job, if it still keeps it. */
    public Optional<JobInfo> job(JobId id) {
        return backend.find(id);
    }

    /**
     * Waits until the job is finished (succeeded, dead or cancelled) and returns what the backend
     * knows about it; for jobs enqueued with {@code enqueue()} whose result nobody awaits. Needs a backend with
     * {@code BACKGROUND_OUTCOMES}.
     */
    public JobInfo awaitFinished(JobId id, Duration timeout) {
        check.backgroundOutcome(id);
        try {
            backend.outcome(id).get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            String name = backend.find(id).map(JobInfo::name).orElse("?");
            throw JobTimeoutException.waiting(id, name, timeout, describe(id));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "job " + id + " is unknown to the " + backend.name() + " backend", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for job " + id);
        }
        return backend.find(id)
                .orElseThrow(() -> new IllegalStateException("job " + id + " finished but is no longer kept"));
    }

    /** Cancels a job that has not started yet; false when it is running or finished. Needs a backend with {@code CANCEL}. */
    public boolean cancel(JobId id) {
        check.cancel(id);
        return backend.cancel(id);
    }

    /** The operator's view: list, retry, delete and purge jobs, pause and resume queues. */
    public Operations admin() {
        return new Operations(backend, clock);
    }

    /** Starts configuring a worker in this process; defaults come from {@code errand.worker.*}. */
    public WorkerBuilder worker() {
        WorkerBuilder builder = new WorkerBuilder(backend, codec, clock, config, maxPayloadBytes);
        interceptors.all().forEach(builder::interceptor);
        return builder;
    }

    /** The interceptors this client calls on enqueue and hands to its workers: given ones, then discovered ones. */
    public List<JobInterceptor> interceptors() {
        return interceptors.all();
    }

    public ErrandConfig config() {
        return config;
    }

    /** The backend this client talks to; for operators' tools and tests. */
    public Backend backend() {
        return backend;
    }

    public Codec codec() {
        return codec;
    }

    public Clock clock() {
        return clock;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /** The largest encoded arguments accepted ({@code errand.payload.maxBytes}), on enqueue and on decode. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public void close() {
        if (inlineWorker != null) {
            inlineWorker.close();
        }
        backend.close();
    }

    JobId enqueue(JobCall<?> call) {
        return store(List.of(call), false).get(0).id();
    }

    JobId enqueue(JobCall<?> call, java.sql.Connection connection) {
        if (!(backend instanceof dev.errand.spi.TransactionalEnqueue transactional)) {
            throw new UnsupportedOperationException(
                    "the " + backend.name() + " backend cannot enqueue inside a JDBC "
                            + "transaction; use errand.backend=jdbc on the same database, or call enqueue() without a connection");
        }
        List<NewJob> jobs = List.of(intercepted(toNewJob(call, clock.instant())));
        List<EnqueueResult> results = transactional.enqueue(connection, jobs);
        interceptors.enqueued(jobs, results);
        return results.get(0).id();
    }

    /** @param verb how the caller sends it, for a refusal: {@code submit()} or {@code call()} */
    <R> JobFuture<R> submit(JobCall<R> call, String verb) {
        check.result(call.job(), verb);
        return futureOf(call.job(), store(List.of(call), true).get(0).id());
    }

    /** @param awaited true when the caller will await each job's outcome: {@link Backend#submit} */
    private List<EnqueueResult> store(List<? extends JobCall<?>> calls, boolean awaited) {
        Instant now = clock.instant();
        List<NewJob> jobs = new ArrayList<>(calls.size());
        for (JobCall<?> call : calls) {
            jobs.add(intercepted(toNewJob(call, now)));
        }
        List<EnqueueResult> results = awaited ? backend.submit(jobs) : backend.enqueue(jobs);
        if (!interceptors.isEmpty()) {
            interceptors.enqueued(jobs, results);
        }
        if (inlineWorker != null) {
            inlineWorker.drain();
        }
        return results;
    }

    /** The job with its interceptors' headers, on a backend that stores them. */
    private NewJob intercepted(NewJob job) {
        return headers && !interceptors.isEmpty() ? interceptors.decorate(job) : job;
    }

    private NewJob toNewJob(JobCall<?> call, Instant now) {
        check.options(call);
        JobDefinition<?> job = call.job();
        byte[] payload = codec.encodeArguments(job, call.args());
        if (payload.length > maxPayloadBytes) {
            throw new IllegalArgumentException("arguments of job " + job.name() + " encode to " + payload.length
                    + " bytes, over the limit of " + maxPayloadBytes + " (" + CoreKeys.PAYLOAD_MAX_BYTES
                    + "); pass a reference such as a URL or an id instead of the data, or raise the limit");
        }
        return new NewJob(
                job.name(),
                call.queue(),
                call.priority(),
                payload,
                job.fingerprint(),
                call.maxAttempts(),
                job.timeout(),
                now,
                call.effectiveRunAt(now),
                call.uniqueKey());
    }

    private <R> JobFuture<R> futureOf(JobDefinition<R> job, JobId id) {
        JobFuture<R> future = new JobFuture<>(id, job.name(), this::cancel, this::describe);
        backend.outcome(id).whenComplete((outcome, error) -> {
            if (error != null) {
                future.completeExceptionally(
                        error instanceof NoSuchElementException
                                ? new IllegalStateException(
                                        "job " + job.name() + " (id " + id + ") is no longer known to the "
                                                + backend.name() + " backend; its retention may have ended",
                                        error)
                                : error);
                return;
            }
            settle(future, job, outcome);
        });
        return future;
    }

    @SuppressWarnings("unchecked")
    private <R> void settle(JobFuture<R> future, JobDefinition<R> job, Outcome outcome) {
        switch (outcome.state()) {
            case SUCCEEDED -> {
                try {
                    future.complete((R) codec.decodeResult(job, outcome.result()));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
            case DEAD ->
                future.completeExceptionally(new JobFailedException(outcome.id(), job.name(), outcome.error()));
            default ->
                future.completeExceptionally(
                        new CancellationException("job " + job.name() + " (id " + outcome.id() + ") was cancelled"));
        }
    }

    private String describe(JobId id) {
        return backend.find(id)
                .map(i ->
                        i.state() + " at attempt " + i.attempt() + " of " + i.maxAttempts() + " on queue " + i.queue())
                .orElse("unknown to the backend");
    }

    /**
     * Builds an {@link Errand}: from what {@link Errand#fromProperties()} reads unless
     * {@link #config} says otherwise, with this builder's calls over it.
     */
    public static final class ErrandBuilder {
        private final Map<String, String> overrides = new HashMap<>();
        /** Null: what {@link ConfigLoader#load()} reads, read at {@link #build()}. */
        private ErrandConfig config;

        private Backend backendInstance;
        private Codec codec;
        private Clock clock = Clock.systemUTC();
        private final List<Object> inlineTargets = new ArrayList<>();
        private final List<JobInterceptor> interceptors = new ArrayList<>();

        private ErrandBuilder() {}

        /**
         * Starts from this configuration instead of the properties file and system properties; it is
         * used as it is (nothing more is read).
         */
        public ErrandBuilder config(ErrandConfig config) {
            this.config = Objects.requireNonNull(config, "config == null");
            return this;
        }

        /** Sets one {@code errand.*} key, overriding the properties file and system properties (or {@link #config}). */
        public ErrandBuilder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
            return this;
        }

        /** Selects the backend by name: {@code memory}, {@code jdbc} or {@code redis}. */
        public ErrandBuilder backend(String name) {
            return property(CoreKeys.BACKEND.key(), name);
        }

        /** Uses this backend instance (e.g. one shared by several clients in a test). */
        public ErrandBuilder backend(Backend backend) {
            this.backendInstance = Objects.requireNonNull(backend, "backend == null");
            return this;
        }

        /** Uses this codec instead of the JSON codec (or the codec the backend's provider makes of it). */
        public ErrandBuilder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec == null");
            return this;
        }

        /** The clock for enqueue times, delays, leases and retries; inject one to move time in tests. */
        public ErrandBuilder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Testing mode: every enqueue runs its job at once in the caller's thread on these targets,
         * retries included without waiting, so {@code enqueue()} returns after the job ran and
         * {@code call()} returns its result or throws its failure.
         */
        public ErrandBuilder inline(Object... targets) {
            inlineTargets.addAll(List.of(targets));
            return this;
        }

        /**
         * Calls {@code interceptor} on every enqueue and around every attempt of this client's workers, before those
         * the class path provides ({@link dev.errand.spi.JobInterceptorProvider}); a discovered interceptor of the
         * same class is left out, so that this one, configured by the application, replaces it.
         */
        public ErrandBuilder interceptor(JobInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
            return this;
        }

        public Errand build() {
            ErrandConfig effective = config != null ? config : ConfigLoader.load();
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                effective = effective.with(e.getKey(), e.getValue());
            }
            return Backends.open(this, effective, backendInstance, clock);
        }
    }
}
