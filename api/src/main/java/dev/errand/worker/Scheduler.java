package dev.errand.worker;

import dev.errand.job.Cron;
import dev.errand.job.MissedRuns;
import dev.errand.spi.Backend;
import dev.errand.spi.NewJob;
import dev.errand.spi.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the recurring jobs of a store; every worker runs one, on its supervisor thread, once a second. There is no
 * leader: each {@link #tick()} reads the schedules that are due, computes their runs and next instant, and has the
 * backend fire each one with a compare-and-set on the stored next instant ({@link Backend#fireSchedule}), which
 * enqueues the runs in the same atomic step. Of any number of schedulers that see the same due instant, exactly one
 * wins; the others find the stored instant moved on and do nothing.
 *
 * <p>An instant late by at most the misfire threshold is fired on its own, one instant per compare-and-set, so a
 * scheduler whose clock is a few seconds ahead or behind fires early or late by that much but never skips or
 * repeats an instant. Instants later than that were missed (every worker was down) and follow the schedule's
 * {@link MissedRuns} policy.
 */
public final class Scheduler {
    /** Instants after the end of a schedule that has no more (a Quartz year passed): it is never due again. */
    public static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** Schedules read per tick; more are fired by the next ticks. */
    private static final int BATCH = 100;
    /** On-time instants fired per schedule per tick; a schedule further behind is missed, not looped over. */
    private static final int MAX_STEPS = 1_000;

    private final Backend backend;
    private final Clock clock;
    private final Duration misfireThreshold;
    private final Map<String, Cron> crons = new ConcurrentHashMap<>();

    public Scheduler(Backend backend, Clock clock, Duration misfireThreshold) {
        this.backend = Objects.requireNonNull(backend, "backend == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.misfireThreshold = Objects.requireNonNull(misfireThreshold, "misfireThreshold == null");
    }

    /** The first instant of {@code cron} after {@code after}, or {@link #NEVER}. */
    public static Instant nextAfter(Cron cron, Instant after) {
        return cron.next(after).orElse(NEVER);
    }

    /** Fires every schedule due at the clock's now; returns how many runs this scheduler enqueued. */
    public int tick() {
        Instant now = clock.instant();
        int runs = 0;
        for (Schedule due : backend.dueSchedules(now, BATCH)) {
            try {
                runs += fire(due, now);
            } catch (RuntimeException e) {
                log.error(
                        "recurring job {} ({} in {}) could not be fired; will try again at the next tick: {}",
                        due.name(),
                        due.cron(),
                        due.zone(),
                        e.toString(),
                        e);
            }
        }
        return runs;
    }

    /** Fires one due schedule until it is no longer due or another scheduler fired it first. */
    private int fire(Schedule due, Instant now) {
        Cron cron = crons.computeIfAbsent(due.cron() + "\n" + due.zone(), k -> Cron.parse(due.cron(), due.zone()));
        Schedule schedule = due;
        int runs = 0;
        for (int step = 0; step < MAX_STEPS && !schedule.nextFire().isAfter(now); step++) {
            Instant expected = schedule.nextFire();
            List<Instant> instants = new ArrayList<>(1);
            Instant next;
            if (!expected.isBefore(now.minus(misfireThreshold))) {
                instants.add(expected);
                next = nextAfter(cron, expected);
            } else {
                instants.addAll(missed(schedule, cron, now));
                next = nextAfter(cron, now);
                log.warn(
                        "recurring job {} missed its instants from {} to {} (policy {}); enqueues {} run(s)",
                        schedule.name(),
                        expected,
                        now,
                        schedule.missed(),
                        instants.size());
            }
            List<NewJob> jobs = instants.stream().map(schedule::runAt).toList();
            if (!backend.fireSchedule(schedule.name(), expected, next, jobs)) {
                return runs; // another scheduler fired it, or it was paused, changed or deleted
            }
            runs += jobs.size();
            schedule = schedule.fired(next, null, null);
        }
        return runs;
    }

    /** The runs for instants missed by more than the threshold, from the stored next instant up to {@code now}. */
    private static List<Instant> missed(Schedule schedule, Cron cron, Instant now) {
        Instant first = schedule.nextFire();
        return switch (schedule.missed()) {
            case SKIP -> List.of();
            case RUN_ONCE -> List.of(first);
            case RUN_EACH -> {
                // Backwards from now, so a long outage costs maxCatchUp steps, not one per missed instant.
                Deque<Instant> latest = new ArrayDeque<>();
                Optional<Instant> t = cron.previous(now.plusNanos(1));
                while (t.isPresent() && !t.get().isBefore(first) && latest.size() < schedule.maxCatchUp()) {
                    latest.addFirst(t.get());
                    t = cron.previous(t.get());
                }
                yield List.copyOf(latest);
            }
        };
    }
}
