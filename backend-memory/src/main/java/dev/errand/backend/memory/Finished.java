package dev.errand.backend.memory;

import dev.errand.spi.Outcome;
import java.util.concurrent.CompletableFuture;

/**
 * A job that just reached a final state, with what is left to do once its monitor is let go.
 *
 * @param emptied the lease entry the job's lease was the last of, or null
 * @param future  the callers' future taken from the job, or null when nobody waits
 * @param outcome the outcome for {@code future}
 */
record Finished(JobRecord job, LeaseBatch emptied, CompletableFuture<Outcome> future, Outcome outcome) {}
