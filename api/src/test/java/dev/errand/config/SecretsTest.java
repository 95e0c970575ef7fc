package dev.errand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        ErrandConfig config = ErrandConfig.of(
                Map.of(
                        "errand.jdbc.password",
                        "${env:PGPASSWORD}",
                        "errand.redis.url",
                        "redis://app:${file:" + secret + "}@127.0.0.1:6379"),
                "app.properties",
                name -> name.equals("PGPASSWORD") ? "pg-pass" : null);

        assertThat(config.get("errand.jdbc.password")).contains("pg-pass");
        assertThat(config.get("errand.redis.url")).contains("redis://app:s3cret@127.0.0.1:6379");
    }

    @Test
    void missingEnvironmentVariable_failsNamingKeyAndVariable() {
        assertThatThrownBy(() ->
                        ErrandConfig.of(Map.of("errand.jdbc.password", "${env:NOPE}"), "app.properties", n -> null))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "errand.jdbc.password (from app.properties) refers to environment variable NOPE, which is not set; "
                                + "set it or change errand.jdbc.password");
    }

    @Test
    void unreadableFile_failsWithoutPrintingAnySecret() {
        assertThatThrownBy(() ->
                        ErrandConfig.of(Map.of("errand.redis.password", "${file:" + dir.resolve("none") + "}"), "x"))
                .hasMessageContaining("errand.redis.password")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void redact_hidesSecretValuesAndPasswordsInUrls() {
        assertThat(Secrets.redact("errand.jdbc.password", "hunter2")).isEqualTo("****");
        assertThat(Secrets.redact("errand.redis.url", "rediss://app:hunter2@host:6380/0"))
                .isEqualTo("rediss://app:****@host:6380/0");
        assertThat(Secrets.redact("errand.jdbc.url", "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.redact("errand.redis.url", "redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void invalidSecretValue_isNotPrinted() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.redis.password", "hunter2"), "app.properties");
        assertThatThrownBy(() -> config.integer("errand.redis.password", 1, 1, 2))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("'****'");
    }

    @Test
    void redactUrl_masksEveryFormOfPasswordInAUrl() {
        assertThat(Secrets.redactUrl("redis://:hunter2@127.0.0.1:6379")).isEqualTo("redis://:****@127.0.0.1:6379");
        assertThat(Secrets.redactUrl("redis://hunter2@127.0.0.1:6379/0")).isEqualTo("redis://****@127.0.0.1:6379/0");
        assertThat(Secrets.redactUrl("rediss://app:hun@ter/2?x@host:6380/1"))
                .isEqualTo("rediss://app:****@host:6380/1");
        assertThat(Secrets.redactUrl("jdbc:mysql://app:hunter2@db:3306/jobs"))
                .isEqualTo("jdbc:mysql://app:****@db:3306/jobs");
        assertThat(Secrets.redactUrl("jdbc:h2:tcp://h/x;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:tcp://h/x;USER=sa;PASSWORD=****;MODE=PostgreSQL");
        assertThat(Secrets.redactUrl("jdbc:postgresql://h/db?sslmode=verify-full&sslpassword=hunter2&pwd=x"))
                .isEqualTo("jdbc:postgresql://h/db?sslmode=verify-full&sslpassword=****&pwd=****");
        assertThat(Secrets.redactUrl("jdbc:mysql://h/db?trustCertificateKeyStorePassword=hunter2"))
                .isEqualTo("jdbc:mysql://h/db?trustCertificateKeyStorePassword=****");
        assertThat(Secrets.redactUrl("jdbc:oracle:thin:scott/hunter2@db:1521/svc"))
                .isEqualTo("jdbc:oracle:thin:scott/****@db:1521/svc");
        assertThat(Secrets.redactUrl("from redis://:a1@h1:1 to redis://u:b2@h2:2"))
                .isEqualTo("from redis://:****@h1:1 to redis://u:****@h2:2");
        assertThat(Secrets.redactUrl("jdbc:postgresql://127.0.0.1:5432/jobs"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/jobs");
        assertThat(Secrets.redactUrl(null)).isNull();
    }

    @Test
    void secretKeys_areRecognisedByName() {
        assertThat(Secrets.isSecretKey("errand.redis.password")).isTrue();
        assertThat(Secrets.isSecretKey("errand.redis.ssl.trustStorePassword")).isTrue();
        assertThat(Secrets.isSecretKey("errand.jdbc.pool.dataSource.sslpassword"))
                .isTrue();
        assertThat(Secrets.isSecretKey("errand.jdbc.pool.dataSource.pwd")).isTrue();
        assertThat(Secrets.isSecretKey("errand.api.token")).isTrue();
        assertThat(Secrets.isSecretKey("errand.redis.url")).isFalse();
        assertThat(Secrets.isSecretKey("errand.jdbc.username")).isFalse();
    }

    @Test
    void scrub_removesTheSecretAndItsUrlEncodedForm() {
        assertThat(Secrets.scrub("auth failed for p@ss word and p%40ss+word", "p@ss word"))
                .isEqualTo("auth failed for **** and ****");
        assertThat(Secrets.scrub("nothing here", null, "")).isEqualTo("nothing here");
    }

    @Test
    void scrub_rebuildsAChainThatMentionsASecret_andKeepsACleanOne() {
        IllegalStateException clean = new IllegalStateException("refused", new java.io.IOException("closed"));
        assertThat(Secrets.scrub(clean, "hunter2")).isSameAs(clean);

        java.io.IOException root = new java.io.IOException("login hunter2 rejected");
        IllegalStateException dirty = new IllegalStateException("refused", root);
        dirty.addSuppressed(new RuntimeException("again hunter2"));
        Throwable copy = Secrets.scrub(dirty, "hunter2");

        java.io.StringWriter out = new java.io.StringWriter();
        copy.printStackTrace(new java.io.PrintWriter(out));
        assertThat(out.toString())
                .doesNotContain("hunter2")
                .contains("java.lang.IllegalStateException: refused")
                .contains("java.io.IOException: login **** rejected")
                .contains("again ****");
        assertThat(copy.getStackTrace()).isEqualTo(dirty.getStackTrace());
    }

    @Test
    void configToString_showsKeysButNoSecret() {
        ErrandConfig config = ErrandConfig.of(
                Map.of(
                        "errand.jdbc.password",
                        "hunter2",
                        "errand.redis.url",
                        "redis://:hunter2@h:6379",
                        "errand.worker.threads",
                        "4"),
                "app.properties");

        assertThat(config.toString())
                .doesNotContain("hunter2")
                .isEqualTo("ErrandConfig[source=app.properties, values={errand.jdbc.password=****, "
                        + "errand.redis.url=redis://:****@h:6379, errand.worker.threads=4}]");
    }

    @Test
    void aValueFromAReference_isShownAsWritten_evenUnderAKeyThatIsNoSecret() {
        ErrandConfig config = ErrandConfig.of(
                Map.of("errand.worker.threads", "${env:PGPASSWORD}"), "app.properties", name -> "hunter2");

        assertThatThrownBy(() -> config.integer("errand.worker.threads", 1, 1, 8))
                .hasMessage("invalid value '${env:PGPASSWORD}' for errand.worker.threads (from app.properties): "
                        + "expected an integer from 1 to 8");
        assertThat(config.printable("errand.worker.threads")).isEqualTo("${env:PGPASSWORD}");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void with_resolvesOnlyTheNewValue_neverAResolvedSecretAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "${env:HOME}");
        ErrandConfig config = ErrandConfig.of(
                Map.of("errand.redis.password", "${file:" + file + "}"), "app.properties", name -> "home");

        ErrandConfig more = config.with("errand.worker.threads", "4");

        assertThat(more.get("errand.redis.password")).contains("${env:HOME}");
        assertThat(more.printable("errand.redis.password")).isEqualTo("****");
    }
}
