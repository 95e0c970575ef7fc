package dev.errand.backend.gearman;

import dev.errand.codec.Codec;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;
import java.nio.charset.Charset;

/** Selected by {@code errand.backend=gearman}; found with {@link java.util.ServiceLoader}. */
public final class GearmanBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return GearmanBackend.NAME;
    }

    @Override
    public Backend create(BackendContext context) {
        return new GearmanBackend(context);
    }

    /** Raw bytes for jobs of one {@code String}/{@code byte[]} parameter, JSON bound by shape for the others. */
    @Override
    public Codec codec(ErrandConfig config, Codec json) {
        return new GearmanCodec(json, Charset.forName(GearmanKeys.CHARSET.get(config)));
    }
}
