package dev.errand.spi;

import dev.errand.config.ErrandConfig;
import java.time.Clock;
import java.util.Objects;

/** What a backend gets when it is created: its configuration and the clock to use for every time. */
public record BackendContext(ErrandConfig config, Clock clock) {
    public BackendContext {
        Objects.requireNonNull(config, "config == null");
        Objects.requireNonNull(clock, "clock == null");
    }
}
