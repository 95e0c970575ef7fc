package dev.errand.backend.memory;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.ConnectionPool;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A backend that passes every call to another; tests override the calls they disturb. */
abstract class DelegatingBackend implements Backend {
    final Backend delegate;

    DelegatingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    /** A memory backend of its own, on the system clock. */
    static MemoryBackend memory() {
        return new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
    }

    /** A memory backend that does not say it is in-process: the worker's fetcher claims and its completer records. */
    static Backend notInProcess() {
        return new DelegatingBackend(memory()) {};
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public String instead(Capability missing) {
        return delegate.instead(missing);
    }

    @Override
    public List<EnqueueResult> submit(List<NewJob> jobs) {
        return delegate.submit(jobs);
    }

    @Override
    public void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {
        delegate.registerWorker(owner, jobs, queues);
    }

    @Override
    public void unregisterWorker(String owner) {
        delegate.unregisterWorker(owner);
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> jobs) {
        return delegate.enqueue(jobs);
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration lease) {
        return delegate.claim(queues, max, owner, lease);
    }

    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
        delegate.awaitWork(queues, maxWait);
    }

    @Override
    public void wakeUp() {
        delegate.wakeUp();
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        return delegate.complete(lease, result);
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        return delegate.fail(lease, error, retryAt);
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration d) {
        return delegate.renew(leases, d);
    }

    @Override
    public void release(Collection<Lease> leases) {
        delegate.release(leases);
    }

    @Override
    public int recoverExpiredLeases() {
        return delegate.recoverExpiredLeases();
    }

    @Override
    public boolean leadMaintenance(String owner, Duration term) {
        return delegate.leadMaintenance(owner, term);
    }

    @Override
    public void resignMaintenance(String owner) {
        delegate.resignMaintenance(owner);
    }

    @Override
    public void pruneFinished() {
        delegate.pruneFinished();
    }

    @Override
    public Optional<ConnectionPool> connectionPool() {
        return delegate.connectionPool();
    }

    @Override
    public boolean cancel(JobId id) {
        return delegate.cancel(id);
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        return delegate.find(id);
    }

    @Override
    public List<dev.errand.spi.QueueStats> queueStats() {
        return delegate.queueStats();
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        return delegate.outcome(id);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void saveSchedule(Schedule schedule) {
        delegate.saveSchedule(schedule);
    }

    @Override
    public List<Schedule> schedules() {
        return delegate.schedules();
    }

    @Override
    public List<Schedule> dueSchedules(Instant now, int max) {
        return delegate.dueSchedules(now, max);
    }

    @Override
    public boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        return delegate.fireSchedule(name, expectedNext, newNext, runs);
    }

    @Override
    public boolean pauseSchedule(String name) {
        return delegate.pauseSchedule(name);
    }

    @Override
    public boolean resumeSchedule(String name, Instant nextFire) {
        return delegate.resumeSchedule(name, nextFire);
    }

    @Override
    public boolean deleteSchedule(String name) {
        return delegate.deleteSchedule(name);
    }
}
