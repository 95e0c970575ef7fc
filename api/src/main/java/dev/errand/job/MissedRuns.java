package dev.errand.job;

/**
 * What a recurring job does about instants that passed while no worker fired them (every worker was down, or the
 * schedule was due longer than {@code errand.worker.misfire-threshold}). Instants late by less than the threshold
 * always run, each once.
 */
public enum MissedRuns {
    /** One run for all the missed instants, at the first of them; then on schedule. The default. */
    RUN_ONCE,
    /** A run for each missed instant, up to the schedule's cap (the latest ones); then on schedule. */
    RUN_EACH,
    /** No run for missed instants; the schedule goes on from the next instant to come. */
    SKIP
}
