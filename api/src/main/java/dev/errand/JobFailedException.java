package dev.errand;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import java.util.Objects;

/**
 * Thrown to a {@code call()} or {@code submit()} caller when the job ended dead. It carries what
 * the worker saw: the remote exception type, message and stack trace.
 */
public class JobFailedException extends RuntimeException {
    private final JobId jobId;
    private final String jobName;
    private final JobError error;

    public JobFailedException(JobId jobId, String jobName, JobError error) {
        super("job " + jobName + " (id " + jobId + ") is dead after attempt " + error.attempt() + ": " + error.type()
                + (error.message().isEmpty() ? "" : ": " + error.message()));
        this.jobId = Objects.requireNonNull(jobId, "jobId == null");
        this.jobName = Objects.requireNonNull(jobName, "jobName == null");
        this.error = error;
    }

    public JobId jobId() {
        return jobId;
    }

    public String jobName() {
        return jobName;
    }

    /** The last error, as the worker recorded it. */
    public JobError error() {
        return error;
    }

    /** The class name of the exception the job threw on the worker, e.g. {@code java.io.IOException}. */
    public String remoteType() {
        return error.type();
    }

    public String remoteMessage() {
        return error.message();
    }

    /** The stack trace printed on the worker; empty when the failure was not an exception (e.g. a lost lease). */
    public String remoteStackTrace() {
        return error.stackTrace();
    }
}
