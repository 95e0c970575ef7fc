package dev.errand.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** errand.dashboard.* read into options, and each bad value refused naming its key. */
class DashboardKeysTest {
    private static final String HASH = BasicAuth.hash("pw");

    private static DashboardOptions read(Map<String, String> values) {
        return DashboardKeys.options(ErrandConfig.of(values, "test.properties")).build();
    }

    @Test
    void defaults_listenOnLoopbackPort8080_withoutUsers() {
        DashboardOptions o = read(Map.of());
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.users()).isEmpty();
        assertThat(o.timingLog()).isNull();
    }

    @Test
    void users_getTheirHashAndRole() {
        DashboardOptions o = read(Map.of(
                "errand.dashboard.users",
                "ops,audit",
                "errand.dashboard.user.ops.passwordHash",
                HASH,
                "errand.dashboard.user.audit.passwordHash",
                HASH,
                "errand.dashboard.user.audit.role",
                "viewer"));
        assertThat(o.users())
                .extracting(DashboardUser::name, DashboardUser::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops", Role.OPERATOR),
                        org.assertj.core.groups.Tuple.tuple("audit", Role.VIEWER));
    }

    @Test
    void aUserWithoutAHash_orWithAPlainPassword_isRefusedNamingTheKey_andNeverPrintsTheValue() {
        assertThatThrownBy(() -> read(Map.of("errand.dashboard.users", "ops")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.dashboard.user.ops.passwordHash is missing (from test.properties)")
                .hasMessageContaining("--hash-password");
        assertThatThrownBy(() -> read(
                        Map.of("errand.dashboard.users", "ops", "errand.dashboard.user.ops.passwordHash", "hunter2")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.dashboard.user.ops.passwordHash")
                .hasMessageContaining("is not a BCrypt hash")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aRoleOrRefreshOutOfRange_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> read(Map.of(
                        "errand.dashboard.users", "ops",
                        "errand.dashboard.user.ops.passwordHash", HASH,
                        "errand.dashboard.user.ops.role", "admin")))
                .hasMessageContaining("errand.dashboard.user.ops.role");
        assertThatThrownBy(() -> read(Map.of("errand.dashboard.refresh", "100ms")))
                .hasMessageContaining("errand.dashboard.refresh")
                .hasMessageContaining("at least 1s");
    }

    @Test
    void tokens_getTheirSecretAndRole_viewerByDefault_andTrustedProxiesAreRead() {
        String secret = "0123456789abcdef0123456789abcdef";
        DashboardOptions o = read(Map.of(
                "errand.dashboard.tokens", "ci,grafana",
                "errand.dashboard.token.ci.secret", secret,
                "errand.dashboard.token.ci.role", "operator",
                "errand.dashboard.token.grafana.secret", secret.toUpperCase(java.util.Locale.ROOT),
                "errand.dashboard.trustedProxies", "10.0.0.0/8, 192.168.1.5"));
        assertThat(o.tokens())
                .extracting(DashboardToken::name, DashboardToken::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ci", Role.OPERATOR),
                        org.assertj.core.groups.Tuple.tuple("grafana", Role.VIEWER));
        assertThat(o.authenticated()).isTrue();
        assertThat(o.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.5");
    }

    @Test
    void aTokenWithoutASecret_orWithAShortOne_orABadProxy_isRefusedNamingTheKey_andNeverPrintsTheSecret() {
        assertThatThrownBy(() -> read(Map.of("errand.dashboard.tokens", "ci")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.dashboard.token.ci.secret is missing (from test.properties)")
                .hasMessageContaining("openssl rand -hex 32");
        assertThatThrownBy(() ->
                        read(Map.of("errand.dashboard.tokens", "ci", "errand.dashboard.token.ci.secret", "hunter2")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.dashboard.token.ci.secret")
                .hasMessageContaining("must be 32 to 512 characters")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> read(Map.of("errand.dashboard.trustedProxies", "proxy.internal")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.dashboard.trustedProxies")
                .hasMessageContaining("CIDR");
    }
}
