package dev.errand;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrandBuilderTest {
    @TempDir
    Path dir;

    @Test
    void unknownBackend_failsNamingTheKeyAndTheArtifactToAdd() {
        assertThatThrownBy(() -> Errand.builder()
                        .config(ErrandConfig.empty())
                        .backend("redis")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith(
                        "no backend named 'redis' for errand.backend (from defaults) is on the class path")
                .hasMessageContaining("dev.errand:errand-backend-redis");
    }

    @Test
    void unknownKey_failsBeforeAnyBackendStarts() {
        assertThatThrownBy(() ->
                        Errand.builder().property("errand.worker.treads", "4").build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("unknown configuration key errand.worker.treads")
                .hasMessageContaining("did you mean errand.worker.threads?");
    }

    @Test
    void builder_readsTheFileThatFromPropertiesReads() throws Exception {
        Path file = Files.writeString(dir.resolve("errand.properties"), "errand.worker.treads=4\n");
        System.setProperty("errand.config", file.toString());
        try {
            assertThatThrownBy(() -> Errand.builder().backend("memory").build())
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessageStartingWith("unknown configuration key errand.worker.treads (from "
                            + file.toAbsolutePath() + "); did you mean errand.worker.threads?");
        } finally {
            System.clearProperty("errand.config");
        }
    }

    @Test
    void builder_readsSystemProperties() {
        System.setProperty("errand.worker.treads", "4");
        try {
            assertThatThrownBy(() -> Errand.builder().backend("memory").build())
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessageContaining("unknown configuration key errand.worker.treads")
                    .hasMessageContaining("+ system properties");
        } finally {
            System.clearProperty("errand.worker.treads");
        }
    }
}
