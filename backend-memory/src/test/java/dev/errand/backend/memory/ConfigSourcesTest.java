package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way to make an {@link Errand} reads its configuration the same way: a source (the file
 * that {@code -Derrand.config} names, a file, {@link Properties} or a map), then {@code errand.*}
 * system properties over it; the builder's calls override both.
 */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("errand.config");
        System.clearProperty("errand.client.callTimeout");
    }

    @Test
    void builder_startsFromTheFileAndSystemProperties_andItsCallsOverrideBoth() throws Exception {
        Path file = Files.writeString(
                dir.resolve("errand.properties"),
                "errand.backend=memory\nerrand.client.callTimeout=7s\nerrand.payload.maxBytes=1000\nerrand.worker.lease=20s\n");
        System.setProperty("errand.config", file.toString());
        System.setProperty("errand.client.callTimeout", "8s");

        try (Errand errand =
                Errand.builder().property("errand.payload.maxBytes", "2000").build()) {
            assertThat(errand.backend().name()).isEqualTo("memory");
            assertThat(errand.config().source()).isEqualTo(file.toAbsolutePath() + " + system properties");
            assertThat(errand.config().get("errand.worker.lease"))
                    .as("from the file")
                    .hasValue("20s");
            assertThat(errand.callTimeout())
                    .as("the system property over the file")
                    .isEqualTo(Duration.ofSeconds(8));
            assertThat(errand.maxPayloadBytes())
                    .as("the builder's call over the file")
                    .isEqualTo(2000);
        }
        try (Errand errand = Errand.fromProperties()) {
            assertThat(errand.config().asMap())
                    .as("fromProperties() reads the same")
                    .containsEntry("errand.client.callTimeout", "8s")
                    .containsEntry("errand.payload.maxBytes", "1000");
        }
    }

    @Test
    void builder_overridesASystemProperty() {
        System.setProperty("errand.client.callTimeout", "8s");

        try (Errand errand = Errand.builder()
                .backend("memory")
                .property("errand.client.callTimeout", "9s")
                .build()) {
            assertThat(errand.callTimeout()).isEqualTo(Duration.ofSeconds(9));
        }
    }

    @Test
    void fromProperties_ofPropertiesAndOfAMap_areReadLikeAFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("timeout"), "6s\n");
        System.setProperty("errand.client.callTimeout", "8s");
        Properties properties = new Properties();
        properties.setProperty("errand.backend", "memory");
        properties.setProperty("errand.worker.lease", "${file:" + secret + "}");
        properties.setProperty("errand.payload.maxDepth", "12");

        try (Errand errand = Errand.fromProperties(properties)) {
            assertThat(errand.config().source()).isEqualTo("properties given in code + system properties");
            assertThat(errand.callTimeout()).as("the system property").isEqualTo(Duration.ofSeconds(8));
            assertThat(errand.config().get("errand.payload.maxDepth")).hasValue("12");
            assertThat(errand.config().printable("errand.worker.lease")).isEqualTo("${file:" + secret + "}");
        }
        try (Errand errand = Errand.fromProperties(
                Map.of("errand.backend", "memory", "errand.worker.lease", "${file:" + secret + "}"))) {
            assertThat(errand.callTimeout()).isEqualTo(Duration.ofSeconds(8));
            assertThat(errand.config().duration("errand.worker.lease", Duration.ZERO))
                    .as("the ${file:} reference, resolved")
                    .isEqualTo(Duration.ofSeconds(6));
        }
    }

    @Test
    void fromProperties_ofAFile_appliesSystemProperties() throws Exception {
        Path file = Files.writeString(
                dir.resolve("app.properties"), "errand.backend=memory\nerrand.client.callTimeout=7s\n");
        System.setProperty("errand.client.callTimeout", "8s");

        try (Errand errand = Errand.fromProperties(file)) {
            assertThat(errand.callTimeout()).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Test
    void fromProperties_unknownKey_failsNamingTheKeyTheSourceAndTheSuggestion() {
        assertThatThrownBy(() -> Errand.fromProperties(Map.of("errand.backend", "memory", "errand.worker.treads", "4")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith(
                        "unknown configuration key errand.worker.treads (from properties given in code); "
                                + "did you mean errand.worker.threads?");
    }

    @Test
    void fromProperties_aValueThatIsNotAString_failsNamingTheKey() {
        Properties properties = new Properties();
        properties.put("errand.worker.threads", 4);

        assertThatThrownBy(() -> Errand.fromProperties(properties))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "the value of errand.worker.threads (from properties given in code) is a java.lang.Integer, "
                                + "not a String; use setProperty(key, value)");
    }
}
