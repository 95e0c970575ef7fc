package dev.errand;

import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.KnownKeys;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the backend named by {@code errand.backend} and checks every key before anything starts.
 * Without {@code errand.backend}, the durable default is the JDBC backend (an embedded H2 file
 * database) when its jar is on the class path, else the memory backend.
 */
final class Backends {
    static final String DURABLE_DEFAULT = "jdbc";
    static final String FALLBACK_DEFAULT = "memory";

    private Backends() {}

    static Errand open(Errand.ErrandBuilder builder, ErrandConfig config, Backend instance, Clock clock) {
        Map<String, BackendProvider> providers = providers();
        KnownKeys.declared().check(config);
        Backend backend = instance;
        BackendProvider provider = null;
        if (backend == null) {
            String name = CoreKeys.BACKEND.get(
                    config, providers.containsKey(DURABLE_DEFAULT) ? DURABLE_DEFAULT : FALLBACK_DEFAULT);
            provider = providers.get(name);
            if (provider == null) {
                throw new dev.errand.config.ErrandConfigException("no backend named '" + name + "' for "
                        + CoreKeys.BACKEND
                        + " (from " + config.source() + ") is on the class path; available: "
                        + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
                        + ". Add the dependency dev.errand:errand-backend-" + name + " or pick an available one");
            }
            backend = provider.create(new BackendContext(config, clock));
        }
        try {
            return Errand.create(builder, config, backend, provider);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    static Map<String, BackendProvider> providers() {
        Map<String, BackendProvider> byName = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (BackendProvider p :
                ServiceLoader.load(BackendProvider.class, loader != null ? loader : Backends.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }
}
