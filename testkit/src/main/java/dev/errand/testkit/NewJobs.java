package dev.errand.testkit;

import dev.errand.job.JobHeaders;
import dev.errand.spi.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Builds {@link NewJob}s for SPI-level contract tests. */
public final class NewJobs {
    private String name = "Tck.job";
    private String queue = "q";
    private int priority;
    private byte[] payload = "[]".getBytes(StandardCharsets.UTF_8);
    private String fingerprint = "00000000";
    private int maxAttempts = 3;
    private Duration timeout = Duration.ofMinutes(1);
    private final Instant enqueuedAt;
    private Instant runAt;
    private String uniqueKey;
    private JobHeaders headers = JobHeaders.empty();

    private NewJobs(Instant now) {
        this.enqueuedAt = now;
        this.runAt = now;
    }

    public static NewJobs at(Instant now) {
        return new NewJobs(now);
    }

    public NewJobs name(String name) {
        this.name = name;
        return this;
    }

    public NewJobs queue(String queue) {
        this.queue = queue;
        return this;
    }

    public NewJobs priority(int priority) {
        this.priority = priority;
        return this;
    }

    public NewJobs payload(String json) {
        this.payload = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public NewJobs payload(byte[] bytes) {
        this.payload = bytes;
        return this;
    }

    public NewJobs fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    public NewJobs maxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
    }

    public NewJobs runAt(Instant runAt) {
        this.runAt = runAt;
        return this;
    }

    public NewJobs uniqueKey(String uniqueKey) {
        this.uniqueKey = uniqueKey;
        return this;
    }

    public NewJobs headers(JobHeaders headers) {
        this.headers = headers;
        return this;
    }

    public NewJob build() {
        return new NewJob(
                name,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                enqueuedAt,
                runAt,
                uniqueKey,
                headers);
    }
}
