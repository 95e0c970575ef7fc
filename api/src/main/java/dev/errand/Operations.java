package dev.errand;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import dev.errand.spi.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator does to jobs and queues: {@code errand.admin()}. Every method acts on the store at once, for
 * every worker and process sharing it; none is meant for a hot path.
 *
 * <pre>{@code
 * Operations admin = errand.admin();
 * JobPage dead = admin.jobs(JobQuery.all().states(JobState.DEAD).queue("mail"));
 * admin.retry(dead.jobs().get(0).id());
 * admin.pause("mail");          // workers stop claiming from it within a second
 * }</pre>
 */
public final class Operations {
    private final Backend backend;
    private final Clock clock;

    Operations(Backend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /** One page of jobs; the next page is {@code query.after(page.next().get())}. See {@link JobQuery}. */
    public JobPage jobs(JobQuery query) {
        return backend.listJobs(Objects.requireNonNull(query, "query == null"));
    }

    public Optional<JobInfo> job(JobId id) {
        return backend.find(Objects.requireNonNull(id, "id == null"));
    }

    /** Unfinished jobs per queue and state. */
    public List<QueueStats> queues() {
        return backend.queueStats();
    }

    /** Dead and cancelled jobs kept per queue, and those that succeeded in the last {@code window}. */
    public List<FinishedStats> finished(Duration window) {
        Objects.requireNonNull(window, "window == null");
        return backend.finishedStats(clock.instant().minus(window));
    }

    /**
     * Runs a DEAD or CANCELLED job again now, with as many further attempts as it had, its errors kept. False when the
     * job is unknown; {@link IllegalStateException} when it is in another state.
     */
    public boolean retry(JobId id) {
        return backend.retry(Objects.requireNonNull(id, "id == null"));
    }

    /** Retries every DEAD job of this job name and/or queue (null: any) in one call; returns how many. */
    public int retryDead(String name, String queue) {
        return backend.retryDead(
                Optional.ofNullable(name).map(Names::checkJobName),
                Optional.ofNullable(queue).map(Names::checkQueue));
    }

    /** Cancels a job that has not started; false when it is running, finished or unknown. */
    public boolean cancel(JobId id) {
        return backend.cancel(Objects.requireNonNull(id, "id == null"));
    }

    /** Deletes a job that is not running; false when unknown, {@link IllegalStateException} when RUNNING. */
    public boolean delete(JobId id) {
        return backend.delete(Objects.requireNonNull(id, "id == null"));
    }

    /** Deletes the jobs that finished more than {@code age} ago; returns how many. */
    public long purgeFinished(Duration age) {
        Objects.requireNonNull(age, "age == null");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative but was " + age);
        }
        return backend.purgeFinished(clock.instant().minus(age));
    }

    /** Stops every worker claiming from this queue within about a second; it keeps accepting jobs. */
    public void pause(String queue) {
        backend.pause(Names.checkQueue(queue));
    }

    public void resume(String queue) {
        backend.resume(Names.checkQueue(queue));
    }

    public Set<String> pausedQueues() {
        return backend.pausedQueues();
    }
}
