package dev.errand.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json}, the IDE's completion and docs for {@code errand.*} in
 * application.properties and .yaml, is made from Errand's own declarations ({@link Setting}, {@link SettingGroup})
 * of the modules a Spring application uses; this test fails when they differ and, with
 * {@code -Derrand.docs.write=true}, rewrites it.
 */
class ConfigurationMetadataTest {
    static final String REGENERATE = "mvn -q -pl spring-boot-autoconfigure -am verify -Dtest=ConfigurationMetadataTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Derrand.docs.write=true";

    @Test
    void metadata_isWhatTheDeclarationsSay() throws IOException {
        List<SettingGroup> groups = SettingGroup.onClassPath();
        assertThat(groups)
                .extracting(SettingGroup::module)
                .containsExactly(
                        "errand-api",
                        "errand-backend-jdbc",
                        "errand-backend-memory",
                        "errand-backend-redis",
                        "errand-spring-boot-autoconfigure");
        String expected = metadata(groups);
        Path file = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("src/main/resources/META-INF/spring-configuration-metadata.json");
        if (Boolean.getBoolean("errand.docs.write")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as(file + " differs from the declared settings; regenerate it from the repository's root "
                        + "with\n    " + REGENERATE)
                .isEqualTo(expected);
    }

    static String metadata(List<SettingGroup> groups) throws IOException {
        List<Map<String, Object>> groupList = new ArrayList<>();
        List<Map<String, Object>> properties = new ArrayList<>();
        groupList.add(entry("errand", null, "Errand: the same keys and meanings as errand.properties"));
        for (SettingGroup group : groups) {
            for (Setting<?> s : group.settings()) {
                if (s.key().contains("<")) {
                    continue; // a key with a placeholder segment has no one name to complete
                }
                Map<String, Object> p = new LinkedHashMap<>();
                boolean passThrough = s.key().endsWith(".*");
                p.put("name", passThrough ? s.key().substring(0, s.key().length() - 2) : s.key());
                p.put("type", passThrough ? "java.util.Map<java.lang.String,java.lang.String>" : javaType(s));
                boolean sayAllowed =
                        !s.allowed().isEmpty() && !passThrough && !s.type().equals("boolean");
                String description =
                        s.doc() + (sayAllowed ? "; allowed: " + s.allowed() : "") + " (" + group.module() + ")";
                p.put("description", description);
                if (s.defaultIsValue()) {
                    p.put("defaultValue", defaultValue(s));
                }
                properties.add(p);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", groupList);
        root.put("properties", properties);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static Map<String, Object> entry(String name, String type, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        if (type != null) {
            e.put("type", type);
        }
        e.put("description", description);
        return e;
    }

    private static String javaType(Setting<?> s) {
        return switch (s.type()) {
            case "integer" -> s.defaultValue() instanceof Long ? "java.lang.Long" : "java.lang.Integer";
            case "boolean" -> "java.lang.Boolean";
            case "duration" -> "java.time.Duration";
            case "list" -> "java.util.List<java.lang.String>";
            default -> "java.lang.String";
        };
    }

    private static Object defaultValue(Setting<?> s) {
        Object value = s.defaultValue();
        return value instanceof Number || value instanceof Boolean ? value : s.defaultText();
    }
}
