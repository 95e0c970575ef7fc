package dev.errand.spi;

import dev.errand.job.JobId;

/**
 * @param id        the new job's id, or for a duplicate the id of the queued or running job that holds the unique key
 * @param duplicate true when the unique key was taken and nothing new was enqueued
 */
public record EnqueueResult(JobId id, boolean duplicate) {}
