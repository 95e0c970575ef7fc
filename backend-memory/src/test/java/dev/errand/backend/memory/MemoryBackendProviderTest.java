package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.BackendProvider;
import dev.errand.spi.Capability;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MemoryBackendProviderTest {

    @Test
    void serviceLoader_findsTheMemoryBackendByName_andItsSettings() {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("memory"))
                .findFirst()
                .orElseThrow();

        SettingGroup declared = SettingGroup.onClassPath().stream()
                .filter(g -> g.module().equals("errand-backend-memory"))
                .findFirst()
                .orElseThrow();
        assertThat(declared.settings())
                .extracting(Setting::key)
                .containsExactlyInAnyOrder(
                        "errand.memory.capacity",
                        "errand.memory.retention",
                        "errand.memory.retention.succeeded",
                        "errand.memory.retention.failed",
                        "errand.memory.maxFinished");
        try (Backend backend = provider.create(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
            assertThat(backend.name()).isEqualTo("memory");
            assertThat(backend.capabilities())
                    .containsExactlyInAnyOrder(
                            Capability.RESULTS,
                            Capability.BACKGROUND_OUTCOMES,
                            Capability.SCHEDULING,
                            Capability.CANCEL,
                            Capability.QUEUES,
                            Capability.PER_CALL_MAX_ATTEMPTS,
                            Capability.HEADERS,
                            Capability.OPERATIONS);
        }
    }

    @Test
    void create_withABadCapacity_failsNamingTheKeyAndValue() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.memory.capacity", "lots"), "errand.properties");

        assertThatThrownBy(() -> new MemoryBackendProvider().create(new BackendContext(config, Clock.systemUTC())))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage("invalid value 'lots' for errand.memory.capacity (from errand.properties): "
                        + "expected an integer from 1 to 2147483647");
    }
}
