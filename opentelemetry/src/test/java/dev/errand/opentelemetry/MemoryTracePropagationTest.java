package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.backend.memory.MemoryBackend;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;

/** The memory store lives in one process: both clients share one backend instance. */
class MemoryTracePropagationTest extends TracePropagationContract {
    private MemoryBackend shared;

    @BeforeEach
    void store() {
        shared = new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
    }

    @Override
    protected Errand.ErrandBuilder client() {
        return Errand.builder().config(ErrandConfig.empty()).backend(shared);
    }
}
