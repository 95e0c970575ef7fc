package dev.errand.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets leave the JDBC URL before a driver or a pool sees it, and reach the driver as properties. */
class UrlSecretsTest {

    @Test
    void queryParameters() {
        UrlSecrets s = UrlSecrets.split(
                "jdbc:postgresql://h:5432/db?password=p%40ss&sslmode=verify-full&sslpassword=k&user=app");

        assertThat(s.url()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full&user=app");
        assertThat(s.password()).isEqualTo("p@ss");
        assertThat(s.user()).isNull();
        assertThat(s.properties()).isEqualTo(Map.of("sslpassword", "k"));
        assertThat(s.toString()).doesNotContain("p@ss").doesNotContain("=k");
    }

    @Test
    void onlySecretParameters_leaveNoQuestionMark() {
        assertThat(UrlSecrets.split("jdbc:postgresql://h/db?password=x").url()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(UrlSecrets.split("jdbc:postgresql://h/db?password=x&ssl=true")
                        .url())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true");
    }

    @Test
    void userInfo() {
        UrlSecrets s = UrlSecrets.split("jdbc:mariadb://app:pa%3Ass@db:3306/jobs?useSsl=true");

        assertThat(s.url()).isEqualTo("jdbc:mariadb://db:3306/jobs?useSsl=true");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("pa:ss");
    }

    @Test
    void semicolonSettings_areNotDecoded() {
        UrlSecrets s = UrlSecrets.split("jdbc:h2:file:./x;USER=sa;PASSWORD=a%20b;MODE=PostgreSQL");

        assertThat(s.url()).isEqualTo("jdbc:h2:file:./x;USER=sa;MODE=PostgreSQL");
        assertThat(s.password()).isEqualTo("a%20b");
    }

    @Test
    void mysqlKeyStorePasswords() {
        UrlSecrets s = UrlSecrets.split("jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY&trustCertificateKeyStorePassword=t");

        assertThat(s.url()).isEqualTo("jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY");
        assertThat(s.properties()).isEqualTo(Map.of("trustCertificateKeyStorePassword", "t"));
    }

    @Test
    void aUrlWithoutSecrets_isUnchanged() {
        String url = "jdbc:postgresql://127.0.0.1:5432/jobs?user=app&ApplicationName=errand";
        assertThat(UrlSecrets.split(url).url()).isEqualTo(url);
        assertThat(UrlSecrets.split(url).password()).isNull();
        assertThat(UrlSecrets.split(url).properties()).isEmpty();
    }
}
