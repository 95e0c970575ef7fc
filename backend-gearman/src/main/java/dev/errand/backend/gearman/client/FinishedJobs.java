package dev.errand.backend.gearman.client;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How this client's foreground jobs ended, kept for {@code errand.gearman.client.keepOutcomes} (gearmand forgets a job
 * the moment it ends) and at most {@link #MAX} of them, the oldest dropped first.
 */
public final class FinishedJobs {
    static final int MAX = 100_000;

    private final Clock clock;
    private final Duration keep;
    private final LinkedHashMap<JobId, Entry> entries = new LinkedHashMap<>();

    public record Entry(Outcome outcome, JobInfo info, Instant until) {}

    public FinishedJobs(Clock clock, Duration keep) {
        this.clock = clock;
        this.keep = keep;
    }

    public synchronized void put(Outcome outcome, JobInfo info) {
        Instant now = clock.instant();
        entries.remove(outcome.id());
        entries.put(outcome.id(), new Entry(outcome, info, now.plus(keep)));
        expire(now);
    }

    /** Forgets {@code id}: a new job now has it. */
    public synchronized void forget(JobId id) {
        entries.remove(id);
    }

    public synchronized Optional<Entry> get(JobId id) {
        expire(clock.instant());
        return Optional.ofNullable(entries.get(id));
    }

    private void expire(Instant now) {
        Iterator<Map.Entry<JobId, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (entries.size() <= MAX && e.until().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }
}
