package dev.errand;

import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.job.MissedRuns;
import java.time.Instant;
import java.util.Optional;

/**
 * A recurring job as {@link Schedules#list()} reports it.
 *
 * @param nextFire    the next instant it fires (empty when its expression has no more)
 * @param lastFire    the instant of its last run
 * @param lastJob     its last run, an ordinary job ({@code errand job <id>})
 * @param lastOutcome the state of its last run, while the backend keeps it
 */
public record ScheduleInfo(
        String name,
        String cron,
        String zone,
        MissedRuns missed,
        int maxCatchUp,
        String jobName,
        String queue,
        boolean paused,
        Optional<Instant> nextFire,
        Optional<Instant> lastFire,
        Optional<JobId> lastJob,
        Optional<JobState> lastOutcome) {}
