package dev.errand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void fileNamedBySystemProperty_winsOverEnvironment_andSystemPropertiesOverrideIt() throws Exception {
        Path byProperty =
                Files.writeString(dir.resolve("a.properties"), "errand.worker.threads=3\nerrand.worker.lease=10s\n");
        Path byEnv = Files.writeString(dir.resolve("b.properties"), "errand.worker.threads=9\n");
        Properties system = new Properties();
        system.setProperty("errand.worker.lease", "20s");
        system.setProperty("unrelated", "x");

        ErrandConfig config = ConfigLoader.load(byProperty.toString(), byEnv.toString(), system);

        assertThat(config.integer("errand.worker.threads", 1, 1, 100)).isEqualTo(3);
        assertThat(config.duration("errand.worker.lease", Duration.ZERO)).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.get("unrelated")).isEmpty();
        assertThat(config.source()).isEqualTo(byProperty.toAbsolutePath() + " + system properties");
    }

    @Test
    void environmentVariable_isUsedWhenNoSystemProperty() throws Exception {
        Path byEnv = Files.writeString(dir.resolve("b.properties"), "errand.backend=memory\n");

        ErrandConfig config = ConfigLoader.load(null, byEnv.toString(), new Properties());

        assertThat(config.string("errand.backend", "?")).isEqualTo("memory");
    }

    @Test
    void missingFile_failsNamingThePathAndWhereItCameFrom() {
        assertThatThrownBy(
                        () -> ConfigLoader.load(dir.resolve("nope.properties").toString(), null, new Properties()))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("nope.properties")
                .hasMessageContaining("-Derrand.config")
                .hasMessageContaining("does not exist");
    }

    @Test
    void badValues_nameKeyValueAndWhatIsAllowed() {
        ErrandConfig config = ErrandConfig.of(
                Map.of(
                        "errand.worker.threads",
                        "many",
                        "errand.worker.lease",
                        "soon",
                        "errand.timing.enabled",
                        "perhaps"),
                "test.properties");

        assertThatThrownBy(() -> config.integer("errand.worker.threads", 8, 1, 10_000))
                .hasMessage(
                        "invalid value 'many' for errand.worker.threads (from test.properties): expected an integer from 1 to 10000");
        assertThatThrownBy(() -> config.duration("errand.worker.lease", Duration.ofSeconds(1)))
                .hasMessageContaining("'soon'")
                .hasMessageContaining("errand.worker.lease")
                .hasMessageContaining("30s");
        assertThatThrownBy(() -> config.bool("errand.timing.enabled", true))
                .hasMessageContaining("'perhaps'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> config.choice("errand.worker.threads", "x", List.of("a", "b")))
                .hasMessageContaining("one of a, b");
    }

    @Test
    void unknownKey_failsWithASuggestion() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.worker.thread", "4"), "app.properties");
        KnownKeys known = new KnownKeys().add(new CoreKeys());

        assertThatThrownBy(() -> known.check(config))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith("unknown configuration key errand.worker.thread (from app.properties); "
                        + "did you mean errand.worker.threads?");
    }

    @Test
    void prefixKeys_acceptEverythingBelowThem() {
        KnownKeys known = new KnownKeys().add(List.of("errand.jdbc.*"));
        known.check(ErrandConfig.of(Map.of("errand.jdbc.maximumPoolSize", "4"), "x"));
    }
}
