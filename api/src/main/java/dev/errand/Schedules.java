package dev.errand;

import dev.errand.job.JobState;
import dev.errand.job.MissedRuns;
import dev.errand.job.RecurringSpec;
import dev.errand.spi.Backend;
import dev.errand.spi.NewJob;
import dev.errand.spi.Schedule;
import dev.errand.worker.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The recurring jobs of a store ({@link Errand#schedules()}): define or update, list, pause, resume and delete them.
 * Schedules are stored in the backend, so they survive restarts; every worker on the store fires them, each instant
 * exactly once.
 *
 * <pre>{@code
 * errand.recurring("nightly-report", "0 0 2 * * *", jobs.report(args));          // 02:00 UTC every day
 * errand.schedules().define("berlin-report", "0 0 2 * * *", "Europe/Berlin", MissedRuns.SKIP, 1, jobs.report(args));
 * errand.schedules().pause("nightly-report");
 * }</pre>
 */
public final class Schedules {
    private final Backend backend;
    private final Clock clock;
    private final BiFunction<JobCall<?>, Instant, NewJob> toNewJob;

    Schedules(Backend backend, Clock clock, BiFunction<JobCall<?>, Instant, NewJob> toNewJob) {
        this.backend = backend;
        this.clock = clock;
        this.toNewJob = toNewJob;
    }

    /** Defines schedule {@code name}, or updates it: {@code call} runs at each instant of {@code cron} in UTC. */
    public ScheduleInfo define(String name, String cron, JobCall<?> call) {
        return define(name, cron, "UTC", MissedRuns.RUN_ONCE, RecurringSpec.DEFAULT_MAX_CATCH_UP, call);
    }

    /**
     * Defines schedule {@code name}, or updates the one of that name (its next instant is kept while the expression
     * and zone stay the same; a paused schedule stays paused): {@code call}, with its arguments, queue, priority and
     * attempts, runs at each instant of {@code cron} read in {@code zone}.
     *
     * @throws IllegalArgumentException naming the schedule and the expression or zone when it cannot be read
     */
    public ScheduleInfo define(
            String name, String cron, String zone, MissedRuns missed, int maxCatchUp, JobCall<?> call) {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(call, "call == null");
        RecurringSpec spec = new RecurringSpec(name, cron, zone, missed, maxCatchUp);
        Instant now = clock.instant();
        NewJob job = toNewJob.apply(call, now);
        backend.saveSchedule(new Schedule(
                spec.name(),
                spec.cron(),
                spec.zone(),
                spec.missed(),
                spec.maxCatchUp(),
                job.name(),
                job.queue(),
                job.priority(),
                job.payload(),
                job.fingerprint(),
                job.maxAttempts(),
                job.timeout(),
                Scheduler.nextAfter(spec.parsed(), now),
                false,
                null,
                null));
        return find(name)
                .orElseThrow(() -> new IllegalStateException("schedule " + name + " was stored but is not "
                        + "found in the " + backend.name() + " backend; was it deleted at the same time?"));
    }

    /**
     * Changes schedule {@code name}'s expression and call, keeping its zone and missed-runs policy (and, when the
     * expression is unchanged, its next instant).
     *
     * @throws java.util.NoSuchElementException naming the schedule when there is none
     */
    public ScheduleInfo update(String name, String cron, JobCall<?> call) {
        ScheduleInfo stored = find(Objects.requireNonNull(name, "name == null"))
                .orElseThrow(() -> new java.util.NoSuchElementException("no schedule " + name + " in the "
                        + backend.name() + " backend to update; define it with errand.recurring(name, cron, call)"));
        return define(name, cron, stored.zone(), stored.missed(), stored.maxCatchUp(), call);
    }

    /** Every schedule of the store, by name. */
    public List<ScheduleInfo> list() {
        List<ScheduleInfo> out = new ArrayList<>();
        for (Schedule s : backend.schedules()) {
            out.add(info(s));
        }
        return out;
    }

    public Optional<ScheduleInfo> find(String name) {
        return backend.schedules().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .map(this::info);
    }

    /** Stops firing schedule {@code name} until {@link #resume}; false when there is none. */
    public boolean pause(String name) {
        return backend.pauseSchedule(Objects.requireNonNull(name, "name == null"));
    }

    /** Fires schedule {@code name} again from its next instant after now (instants passed while paused do not run). */
    public boolean resume(String name) {
        Objects.requireNonNull(name, "name == null");
        Optional<Schedule> stored =
                backend.schedules().stream().filter(s -> s.name().equals(name)).findFirst();
        if (stored.isEmpty()) {
            return false;
        }
        RecurringSpec spec = new RecurringSpec(
                name,
                stored.get().cron(),
                stored.get().zone(),
                stored.get().missed(),
                stored.get().maxCatchUp());
        return backend.resumeSchedule(name, Scheduler.nextAfter(spec.parsed(), clock.instant()));
    }

    /** Deletes schedule {@code name}; runs already enqueued stay. False when there was none. */
    public boolean delete(String name) {
        return backend.deleteSchedule(Objects.requireNonNull(name, "name == null"));
    }

    private ScheduleInfo info(Schedule s) {
        Optional<JobState> outcome = s.lastJob() == null
                ? Optional.empty()
                : backend.find(s.lastJob()).map(dev.errand.job.JobInfo::state);
        return new ScheduleInfo(
                s.name(),
                s.cron(),
                s.zone(),
                s.missed(),
                s.maxCatchUp(),
                s.jobName(),
                s.queue(),
                s.paused(),
                s.nextFire().equals(Scheduler.NEVER) ? Optional.empty() : Optional.of(s.nextFire()),
                Optional.ofNullable(s.lastFire()),
                Optional.ofNullable(s.lastJob()),
                outcome);
    }
}
