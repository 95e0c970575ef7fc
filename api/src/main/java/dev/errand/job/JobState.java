package dev.errand.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a job is in its life. Every backend moves jobs only along {@link #canMoveTo the
 * transitions below}; {@code docs/state-machine.md} draws them.
 */
public enum JobState {
    /** Waiting for its {@code runAt}; the backend makes it available when that time comes. */
    SCHEDULED,
    /** Ready to be claimed by a worker serving its queue. */
    AVAILABLE,
    /** Claimed under a lease; the worker completes or fails it, or the lease expires and it is recovered. */
    RUNNING,
    /** Failed an attempt and waits for its backoff; then available again. */
    RETRYABLE,
    /** Finished; its result is kept until the retention ends. */
    SUCCEEDED,
    /**
     * Failed its last attempt, or could not be run at all; kept with its errors, never retried by itself. An operator's
     * retry makes it available again.
     */
    DEAD,
    /** Cancelled before it ran; an operator's retry makes it available again. */
    CANCELLED;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            SCHEDULED, EnumSet.of(AVAILABLE, CANCELLED),
            AVAILABLE, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, RETRYABLE, AVAILABLE, DEAD),
            RETRYABLE, EnumSet.of(AVAILABLE, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            DEAD, EnumSet.of(AVAILABLE),
            CANCELLED, EnumSet.of(AVAILABLE));

    /** True for finished jobs: states a job never leaves by itself (only an operator's retry takes DEAD and CANCELLED back). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }

    /**
     * The one table of allowed transitions. {@code RUNNING -> AVAILABLE} is a hand-back on
     * shutdown or a recovered lease; {@code RUNNING -> RETRYABLE} a failed attempt with attempts left;
     * {@code DEAD -> AVAILABLE} and {@code CANCELLED -> AVAILABLE} an operator's retry.
     */
    public boolean canMoveTo(JobState next) {
        return NEXT.get(this).contains(next);
    }

    public Set<JobState> next() {
        return Set.copyOf(NEXT.get(this));
    }
}
