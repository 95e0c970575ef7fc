package dev.errand.backend.memory;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BackendContract;

/** The memory backend passes the shared contract unchanged. */
class MemoryBackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(BackendContext context) {
        return new MemoryBackend(context);
    }
}
