package dev.errand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.ErrandConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void environmentAndFileReferences_areResolved() throws Exception {
        Path secret = Files.writeString(dir.resolve("redis-password"), "s3cret\n");
        ErrandConfig config = ErrandConfig.of(Map.of(
                "errand.jdbc.password", "${env:PGPASSWORD}",
                "errand.redis.url", "redis://app:${file:" + secret + "}@127.0.0.1:6379"),
                "app.properties", name -> name.equals("PGPASSWORD") ? "pg-pass" : null);

        assertThat(config.get("errand.jdbc.password")).contains("pg-pass");
        assertThat(config.get("errand.redis.url")).contains("redis://app:s3cret@127.0.0.1:6379");
    }

    @Test
    void missingEnvironmentVariable_failsNamingKeyAndVariable() {
        assertThatThrownBy(() -> ErrandConfig.of(Map.of("errand.jdbc.password", "${env:NOPE}"), "app.properties", n -> null))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage("errand.jdbc.password (from app.properties) refers to environment variable NOPE, which is not set; "
                        + "set it or change errand.jdbc.password");
    }

    @Test
    void unreadableFile_failsWithoutPrintingAnySecret() {
        assertThatThrownBy(() -> ErrandConfig.of(Map.of("errand.redis.password", "${file:" + dir.resolve("none") + "}"), "x"))
                .hasMessageContaining("errand.redis.password").hasMessageContaining("cannot be read");
    }

    @Test
    void redact_hidesSecretValuesAndPasswordsInUrls() {
        assertThat(Secrets.redact("errand.jdbc.password", "hunter2")).isEqualTo("****");
        assertThat(Secrets.redact("errand.redis.url", "rediss://app:hunter2@host:6380/0")).isEqualTo("rediss://app:****@host:6380/0");
        assertThat(Secrets.redact("errand.jdbc.url", "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.redact("errand.redis.url", "redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void invalidSecretValue_isNotPrinted() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.redis.password", "hunter2"), "app.properties");
        assertThatThrownBy(() -> config.integer("errand.redis.password", 1, 1, 2))
                .hasMessageNotContaining("hunter2").hasMessageContaining("'****'");
    }
}
