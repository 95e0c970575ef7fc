package dev.errand.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import dev.errand.config.SettingsReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is generated from the settings the modules declare; this module's
 * tests see every module, so this test keeps the file in step and, with
 * {@code -Derrand.docs.write=true}, rewrites it.
 */
class ConfigurationReferenceTest {
    static final String REGENERATE = "mvn -q -pl examples -am verify -Dtest=ConfigurationReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Derrand.docs.write=true";

    @Test
    void docsConfigurationMd_isWhatTheDeclarationsSay() throws IOException {
        List<SettingGroup> groups = SettingGroup.onClassPath();
        assertThat(groups)
                .extracting(SettingGroup::module)
                .containsExactly(
                        "errand-api",
                        "errand-backend-gearman",
                        "errand-backend-jdbc",
                        "errand-backend-memory",
                        "errand-backend-redis",
                        "errand-backend-theschwartz",
                        "errand-dashboard",
                        "errand-manager",
                        "errand-spring-boot-autoconfigure");
        String expected = SettingsReference.markdown(groups);
        Path file = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("../docs/configuration.md")
                .normalize();
        if (Boolean.getBoolean("errand.docs.write")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            fail(file + " differs from the settings the modules declare: " + firstDifference(actual, expected)
                    + "\nRegenerate it from the repository's root with\n    " + REGENERATE);
        }
    }

    @Test
    void everySetting_saysWhatItDoes() {
        for (SettingGroup group : SettingGroup.onClassPath()) {
            for (Setting<?> s : group.settings()) {
                assertThat(s.doc())
                        .as(group.module() + ": " + s.key())
                        .isNotBlank()
                        .doesNotContain("\n");
            }
        }
    }

    private static String firstDifference(String actual, String expected) {
        List<String> a = actual.lines().toList();
        List<String> e = expected.lines().toList();
        for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
            String was = i < a.size() ? a.get(i) : "(end of file)";
            String want = i < e.size() ? e.get(i) : "(end of file)";
            if (!was.equals(want)) {
                return "line " + (i + 1) + " is\n    " + was + "\nbut should be\n    " + want;
            }
        }
        return "they differ in line endings";
    }
}
