package dev.errand.spi;

import dev.errand.codec.Codec;
import dev.errand.config.ErrandConfig;

/**
 * Creates a backend from configuration. Implementations are found with
 * {@link java.util.ServiceLoader}; {@code errand.backend} names one by {@link #name()}. The keys a
 * backend reads are declared by its {@link dev.errand.config.SettingGroup}.
 */
public interface BackendProvider {

    /** The value of {@code errand.backend} that selects this backend, e.g. {@code memory}. */
    String name();

    Backend create(BackendContext context);

    /**
     * The codec of clients and workers on this backend, unless the application sets one
     * ({@code ErrandBuilder.codec}): a backend with a wire format of its own wraps {@code json}, the JSON codec made
     * from {@code config}, to encode some jobs another way. The default is {@code json}.
     */
    default Codec codec(ErrandConfig config, Codec json) {
        return json;
    }
}
