package dev.errand.backend.theschwartz;

import dev.errand.codec.Codec;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;

/** {@code errand.backend=theschwartz}: TheSchwartz 1.12's tables, with Perl Storable arguments. */
public final class TheSchwartzBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "theschwartz";
    }

    @Override
    public Backend create(BackendContext context) {
        return new TheSchwartzBackend(context);
    }

    @Override
    public Codec codec(ErrandConfig config, Codec json) {
        return new StorableCodec(json, TheSchwartzSettings.perlJson(config), TheSchwartzSettings.limits(config));
    }
}
