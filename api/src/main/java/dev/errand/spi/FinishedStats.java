package dev.errand.spi;

import dev.errand.job.Names;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How many finished jobs one queue holds, by final state: the overview's counts next to {@link QueueStats}.
 *
 * @param queue     the queue's name
 * @param dead      every dead job still kept (dead jobs wait for an operator to retry or delete them)
 * @param cancelled every cancelled job still kept
 * @param succeeded the jobs that succeeded since the time asked for (Redis: counted by the minute, from the start of the
 *                  minute asked for); empty when the backend cannot count them without reading every kept job
 */
public record FinishedStats(String queue, long dead, long cancelled, OptionalLong succeeded) {
    public FinishedStats {
        Names.checkQueue(queue);
        Objects.requireNonNull(succeeded, "succeeded == null");
        if (dead < 0 || cancelled < 0 || succeeded.orElse(0) < 0) {
            throw new IllegalArgumentException("negative count in finished stats of queue " + queue + ": dead " + dead
                    + ", cancelled " + cancelled + ", succeeded " + succeeded);
        }
    }
}
