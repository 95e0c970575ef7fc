package dev.errand.backend.memory;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobError;
import dev.errand.spi.BackendContext;
import dev.errand.spi.NewJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builders for this module's tests. */
final class TestJobs {
    static final Duration LEASE = Duration.ofSeconds(30);

    private TestJobs() {}

    static MemoryBackend backend(Clock clock, Map<String, String> settings) {
        return new MemoryBackend(new BackendContext(ErrandConfig.of(settings, "test"), clock));
    }

    static NewJob job(Clock clock, String queue) {
        return job(clock, queue, 0, Duration.ZERO, null, 3);
    }

    static NewJob job(Clock clock, String queue, int priority, Duration delay, String uniqueKey, int maxAttempts) {
        Instant now = clock.instant();
        return new NewJob(
                "send",
                queue,
                priority,
                new byte[] {1, 2, 3},
                "fp",
                maxAttempts,
                Duration.ofMinutes(1),
                now,
                now.plus(delay),
                uniqueKey);
    }

    static JobError boom(Clock clock, int attempt) {
        return new JobError(attempt, clock.instant(), "java.io.IOException", "boom", "");
    }
}
