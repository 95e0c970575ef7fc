package dev.errand.spi;

import java.util.Set;

/**
 * Creates a backend from configuration. Implementations are found with
 * {@link java.util.ServiceLoader}; {@code errand.backend} names one by {@link #name()}.
 */
public interface BackendProvider {

    /** The value of {@code errand.backend} that selects this backend, e.g. {@code memory}. */
    String name();

    /**
     * The configuration keys this backend reads, e.g. {@code errand.memory.capacity}. A key
     * ending in {@code .*} accepts every key under that prefix (pass-through settings).
     */
    Set<String> configKeys();

    Backend create(BackendContext context);
}
