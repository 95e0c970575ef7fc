package dev.errand.backend.jdbc;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;

/** Selected by {@code errand.backend=jdbc}; found with {@link java.util.ServiceLoader}. */
public final class JdbcBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return JdbcBackend.NAME;
    }

    @Override
    public Backend create(BackendContext context) {
        return new JdbcBackend(context);
    }
}
