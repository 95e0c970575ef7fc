package dev.errand.backend.memory;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;

/** Selected by {@code errand.backend=memory}; found with {@link java.util.ServiceLoader}. */
public final class MemoryBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return MemoryBackend.NAME;
    }

    @Override
    public Backend create(BackendContext context) {
        return new MemoryBackend(context);
    }
}
