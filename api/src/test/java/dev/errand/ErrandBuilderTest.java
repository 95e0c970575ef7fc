package dev.errand;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrandBuilderTest {

    @Test
    void unknownBackend_failsNamingTheKeyAndTheArtifactToAdd() {
        assertThatThrownBy(() -> Errand.builder().backend("redis").build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith("no backend named 'redis' for errand.backend (from defaults) is on the class path")
                .hasMessageContaining("dev.errand:errand-backend-redis");
    }

    @Test
    void unknownKey_failsBeforeAnyBackendStarts() {
        assertThatThrownBy(() -> Errand.builder().property("errand.worker.treads", "4").build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("unknown configuration key errand.worker.treads")
                .hasMessageContaining("did you mean errand.worker.threads?");
    }
}
