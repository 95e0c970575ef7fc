package dev.errand.spi;

/**
 * Creates a backend from configuration. Implementations are found with
 * {@link java.util.ServiceLoader}; {@code errand.backend} names one by {@link #name()}. The keys a
 * backend reads are declared by its {@link dev.errand.config.SettingGroup}.
 */
public interface BackendProvider {

    /** The value of {@code errand.backend} that selects this backend, e.g. {@code memory}. */
    String name();

    Backend create(BackendContext context);
}
