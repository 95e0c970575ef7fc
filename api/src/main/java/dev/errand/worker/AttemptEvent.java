package dev.errand.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * One finished attempt, as its timing-log line shows it. Job name and queue are bounded (they come from
 * {@code @Job} declarations), so they are safe as metric tags; the id is not.
 *
 * @param job     the job's name, {@code Class.method}
 * @param queue   the queue it was claimed from
 * @param id      the job's id
 * @param attempt the attempt number, from 1
 * @param outcome how the attempt ended
 * @param delay   from when the job was due to when this attempt started (zero when it started early, or unknown)
 * @param process how long the attempt ran
 * @param delayKnown false when the job's enqueue time is unknown ({@code delay_ms=unknown} in the timing log): then
 *     {@code delay} is zero and means nothing
 */
public record AttemptEvent(
        String job,
        String queue,
        String id,
        int attempt,
        Outcome outcome,
        Duration delay,
        Duration process,
        boolean delayKnown) {
    /** How an attempt ended. */
    public enum Outcome {
        /** The job ran and its result was recorded. */
        SUCCEEDED,
        /** The attempt failed and the job will be retried. */
        FAILED,
        /** The attempt failed and the job is dead: its last attempt, or it could not run at all. */
        DEAD
    }

    /** An attempt whose delay is known. */
    public AttemptEvent(
            String job, String queue, String id, int attempt, Outcome outcome, Duration delay, Duration process) {
        this(job, queue, id, attempt, outcome, delay, process, true);
    }

    public AttemptEvent {
        Objects.requireNonNull(job, "job == null");
        Objects.requireNonNull(queue, "queue == null");
        Objects.requireNonNull(outcome, "outcome == null");
        Objects.requireNonNull(delay, "delay == null");
        Objects.requireNonNull(process, "process == null");
    }
}
