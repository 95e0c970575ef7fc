package dev.errand.backend.redis;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;

/** Selected by {@code errand.backend=redis}; found with {@link java.util.ServiceLoader}. */
public final class RedisBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return RedisBackend.NAME;
    }

    @Override
    public Backend create(BackendContext context) {
        return new RedisBackend(context);
    }
}
