package dev.errand.job;

import java.util.Objects;

/**
 * How a job without parameters recurs, as {@code @Recurring} declares it: a worker that runs the job stores this
 * schedule when it starts.
 *
 * @param name       the schedule's name, unique in the store
 * @param cron       the cron expression ({@link Cron})
 * @param zone       the zone the expression is read in
 * @param missed     what to do about missed instants
 * @param maxCatchUp how many missed instants {@link MissedRuns#RUN_EACH} runs at most
 */
public record RecurringSpec(String name, String cron, String zone, MissedRuns missed, int maxCatchUp) {
    /** The default {@code maxCatchUp}. */
    public static final int DEFAULT_MAX_CATCH_UP = 10;

    public RecurringSpec {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(cron, "cron == null");
        Objects.requireNonNull(zone, "zone == null");
        Objects.requireNonNull(missed, "missed == null");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a schedule name must be 1 to 200 characters but was \"" + name + "\"");
        }
        if (maxCatchUp < 1) {
            throw new IllegalArgumentException(
                    "maxCatchUp of schedule " + name + " must be >= 1 but was " + maxCatchUp);
        }
        try {
            Cron.parse(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule " + name + ": " + e.getMessage(), e);
        }
    }

    public Cron parsed() {
        return Cron.parse(cron, zone);
    }
}
