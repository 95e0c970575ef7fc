package dev.errand.spi;

import dev.errand.job.JobId;
import dev.errand.job.MissedRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A recurring job as a backend stores it: what to enqueue, when (a cron expression in a zone), and where it stands.
 * The worker runtime computes instants; a backend only stores schedules and fires them atomically
 * ({@link Backend#fireSchedule}).
 *
 * @param name        the schedule's name, unique in the store
 * @param cron        the cron expression ({@link dev.errand.job.Cron})
 * @param zone        the zone id the expression is read in
 * @param missed      what to do about instants missed by more than the misfire threshold
 * @param maxCatchUp  how many missed instants {@link MissedRuns#RUN_EACH} runs at most (at least 1)
 * @param jobName     the job each run is ({@code JobDefinition.name()})
 * @param payload     the encoded arguments of every run
 * @param nextFire    the next instant to fire; the compare-and-set value that makes each instant fire once
 * @param paused      true while an operator paused it: it does not fire
 * @param lastFire    the instant of the last run enqueued, or null
 * @param lastJob     the id of the last run enqueued, or null
 */
public record Schedule(
        String name,
        String cron,
        String zone,
        MissedRuns missed,
        int maxCatchUp,
        String jobName,
        String queue,
        int priority,
        byte[] payload,
        String fingerprint,
        int maxAttempts,
        Duration timeout,
        Instant nextFire,
        boolean paused,
        Instant lastFire,
        JobId lastJob) {

    public Schedule {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(cron, "cron == null");
        Objects.requireNonNull(zone, "zone == null");
        Objects.requireNonNull(missed, "missed == null");
        Objects.requireNonNull(jobName, "jobName == null");
        Objects.requireNonNull(queue, "queue == null");
        Objects.requireNonNull(payload, "payload == null");
        Objects.requireNonNull(fingerprint, "fingerprint == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(nextFire, "nextFire == null");
        if (maxCatchUp < 1) {
            throw new IllegalArgumentException(
                    "maxCatchUp of schedule " + name + " must be >= 1 but was " + maxCatchUp);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts of schedule " + name + " must be >= 1 but was " + maxAttempts);
        }
    }

    /**
     * The run of this schedule for {@code instant}: enqueued at and due at the instant (so the timing log's delay
     * shows how late it ran), with the unique key {@link #uniqueKey(String, Instant)}.
     */
    public NewJob runAt(Instant instant) {
        return new NewJob(
                jobName,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                instant,
                instant,
                uniqueKey(name, instant));
    }

    /** The unique key of the run of schedule {@code name} for {@code instant}: a second guard against a double run. */
    public static String uniqueKey(String name, Instant instant) {
        return "schedule:" + name + "@" + instant;
    }

    /** True when both fire at the same instants: same expression and zone. */
    public boolean sameTimes(Schedule other) {
        return cron.equals(other.cron) && zone.equals(other.zone);
    }

    /** This schedule as a backend stores it on update: the definition of {@code update}, the state of this one. */
    public Schedule updatedBy(Schedule update) {
        return new Schedule(
                name,
                update.cron,
                update.zone,
                update.missed,
                update.maxCatchUp,
                update.jobName,
                update.queue,
                update.priority,
                update.payload,
                update.fingerprint,
                update.maxAttempts,
                update.timeout,
                sameTimes(update) ? nextFire : update.nextFire,
                paused,
                lastFire,
                lastJob);
    }

    /** After a fire: the next instant and, when runs were enqueued, the last of them. */
    public Schedule fired(Instant next, Instant lastRun, JobId lastRunId) {
        return new Schedule(
                name,
                cron,
                zone,
                missed,
                maxCatchUp,
                jobName,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                next,
                paused,
                lastRun == null ? lastFire : lastRun,
                lastRun == null ? lastJob : lastRunId);
    }

    /** Paused, or resumed with its next instant. */
    public Schedule paused(boolean paused, Instant next) {
        return new Schedule(
                name,
                cron,
                zone,
                missed,
                maxCatchUp,
                jobName,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                next,
                paused,
                lastFire,
                lastJob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s
                && s.toString().equals(toString())
                && java.util.Arrays.equals(s.payload, payload);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Schedule[" + name + " " + cron + " (" + zone + ") " + missed + "/" + maxCatchUp + " job " + jobName
                + " on " + queue + " priority " + priority + " attempts " + maxAttempts + " timeout " + timeout
                + " fingerprint " + fingerprint + " next " + nextFire + (paused ? " paused" : "") + " last "
                + lastFire + " " + lastJob + "]";
    }
}
