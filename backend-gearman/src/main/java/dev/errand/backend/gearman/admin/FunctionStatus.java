package dev.errand.backend.gearman.admin;

/**
 * One line of the admin {@code status} answer: a function, its jobs (queued and running, as
 * gearmand counts them), the running ones, and the workers that registered it.
 */
public record FunctionStatus(String function, long total, long running, long availableWorkers) {}
