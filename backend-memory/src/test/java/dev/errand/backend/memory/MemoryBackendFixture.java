package dev.errand.backend.memory;

import dev.errand.testing.SettableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** A fresh memory backend per test on a clock the test moves; closed after each test. */
abstract class MemoryBackendFixture {
    protected final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));
    protected final MemoryBackend backend;

    protected MemoryBackendFixture() {
        this(Map.of());
    }

    protected MemoryBackendFixture(Map<String, String> settings) {
        this.backend = TestJobs.backend(clock, settings);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }
}
