package dev.errand;

import dev.errand.job.JobId;
import java.time.Duration;

/**
 * {@code call(Duration)} or an await gave up waiting. The job itself is not cancelled: it may
 * still run; query it with {@link Errand#job(JobId)}.
 */
public class JobTimeoutException extends RuntimeException {
    private final JobId jobId;

    public JobTimeoutException(JobId jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    static JobTimeoutException waiting(JobId id, String jobName, Duration timeout, String state) {
        return new JobTimeoutException(
                id,
                "job " + jobName + " (id " + id + ") did not finish within "
                        + dev.errand.config.Durations.format(timeout) + "; it is " + state
                        + ". Is a worker serving its queue? The job was not cancelled; query it with errand.job(id)");
    }

    public JobId jobId() {
        return jobId;
    }
}
