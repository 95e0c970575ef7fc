package dev.errand;

import dev.errand.codec.Codec;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.spi.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A backend that declares no {@link Capability}: it records what it is asked to store and how (enqueue or submit),
 * so a test sees that the client refused an option before anything reached it. Nothing runs.
 */
final class NoCapabilitiesBackend implements Backend {
    static final String NAME = "no-capabilities";

    /** Each stored batch, as {@code enqueue} or {@code submit} and its job names. */
    final List<String> stored = new ArrayList<>();
    /** Every job stored, as the client handed it over. */
    final List<NewJob> jobs = new ArrayList<>();

    /** What to do instead, by missing capability, as an adapter would say it; the client's advice for the others. */
    final java.util.Map<Capability, String> instead = new java.util.EnumMap<>(Capability.class);

    private int next;

    /** Found by {@code errand.backend=no-capabilities}; its codec marks that the hook was used. */
    public static final class Provider implements BackendProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Backend create(BackendContext context) {
            return new NoCapabilitiesBackend();
        }

        @Override
        public Codec codec(ErrandConfig config, Codec json) {
            return new WireCodec(json);
        }
    }

    /** The provider's codec: the JSON codec under another name, as an adapter's wire format would wrap it. */
    record WireCodec(Codec json) implements Codec {
        @Override
        public byte[] encodeArguments(JobDefinition<?> job, Object[] args) {
            return json.encodeArguments(job, args);
        }

        @Override
        public Object[] decodeArguments(JobDefinition<?> job, byte[] payload) {
            return json.decodeArguments(job, payload);
        }

        @Override
        public byte[] encodeResult(JobDefinition<?> job, Object result) {
            return json.encodeResult(job, result);
        }

        @Override
        public Object decodeResult(JobDefinition<?> job, byte[] bytes) {
            return json.decodeResult(job, bytes);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public String instead(Capability missing) {
        return instead.get(missing);
    }

    @Override
    public synchronized List<EnqueueResult> enqueue(List<NewJob> jobs) {
        return store("enqueue", jobs);
    }

    @Override
    public synchronized List<EnqueueResult> submit(List<NewJob> jobs) {
        return store("submit", jobs);
    }

    private List<EnqueueResult> store(String how, List<NewJob> jobs) {
        List<EnqueueResult> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NewJob job : jobs) {
            results.add(new EnqueueResult(JobId.of(String.valueOf(++next)), false));
            names.add(job.name());
        }
        stored.add(how + " " + names);
        this.jobs.addAll(jobs);
        return results;
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
        return List.of();
    }

    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) {}

    @Override
    public void wakeUp() {}

    @Override
    public boolean complete(Lease lease, byte[] result) {
        return false;
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        return false;
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        return Set.of();
    }

    @Override
    public void release(Collection<Lease> leases) {}

    @Override
    public int recoverExpiredLeases() {
        return 0;
    }

    @Override
    public boolean cancel(JobId id) {
        throw new AssertionError("the client must refuse cancel() before it reaches a backend without CANCEL");
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        return Optional.empty();
    }

    @Override
    public List<QueueStats> queueStats() {
        return List.of();
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        return new CompletableFuture<>();
    }

    @Override
    public void saveSchedule(Schedule schedule) {}

    @Override
    public List<Schedule> schedules() {
        return List.of();
    }

    @Override
    public List<Schedule> dueSchedules(Instant now, int max) {
        return List.of();
    }

    @Override
    public boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        return false;
    }

    @Override
    public boolean pauseSchedule(String name) {
        return false;
    }

    @Override
    public boolean resumeSchedule(String name, Instant nextFire) {
        return false;
    }

    @Override
    public boolean deleteSchedule(String name) {
        return false;
    }

    @Override
    public void close() {}
}
