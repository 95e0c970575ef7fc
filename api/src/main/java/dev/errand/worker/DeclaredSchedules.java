package dev.errand.worker;

import dev.errand.codec.Codec;
import dev.errand.job.JobDefinition;
import dev.errand.job.RecurringSpec;
import dev.errand.spi.Backend;
import dev.errand.spi.Schedule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules that the {@code @Recurring} jobs of a worker declare; the worker stores them when it starts. Storing
 * is an upsert that keeps the next instant of an unchanged expression, so workers starting one after another (a
 * rolling restart) neither repeat nor skip an instant.
 */
final class DeclaredSchedules {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final List<Schedule> schedules;

    private DeclaredSchedules(List<Schedule> schedules) {
        this.schedules = List.copyOf(schedules);
    }

    static DeclaredSchedules of(JobRegistry registry, Codec codec, Clock clock) {
        List<Schedule> out = new ArrayList<>();
        for (JobRegistry.Entry entry : registry.entries().values()) {
            JobDefinition<?> job = entry.job();
            job.recurring()
                    .ifPresent(spec -> out.add(schedule(job, spec, codec.encodeArguments(job, new Object[0]), clock)));
        }
        return new DeclaredSchedules(out);
    }

    /** The schedule of {@code spec} running {@code job} with {@code payload}, first due at its next instant from now. */
    static Schedule schedule(
            JobDefinition<?> job,
            RecurringSpec spec,
            byte[] payload,
            Clock clock,
            String queue,
            int priority,
            int maxAttempts) {
        return new Schedule(
                spec.name(),
                spec.cron(),
                spec.zone(),
                spec.missed(),
                spec.maxCatchUp(),
                job.name(),
                queue,
                priority,
                payload,
                job.fingerprint(),
                maxAttempts,
                job.timeout(),
                Scheduler.nextAfter(spec.parsed(), clock.instant()),
                false,
                null,
                null);
    }

    private static Schedule schedule(JobDefinition<?> job, RecurringSpec spec, byte[] payload, Clock clock) {
        return schedule(job, spec, payload, clock, job.queue(), job.priority(), job.maxAttempts());
    }

    void store(Backend backend, String workerId) {
        for (Schedule s : schedules) {
            backend.saveSchedule(s);
            log.info(
                    "worker {} stored recurring job {} ({} in {}, job {} on queue {})",
                    workerId,
                    s.name(),
                    s.cron(),
                    s.zone(),
                    s.jobName(),
                    s.queue());
        }
    }
}
