package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code errand.jdbc.socketTimeout} becomes each driver's {@code socketTimeout} property, in that
 * driver's unit; the driver's own property, where given, wins; both at once are refused.
 */
class SocketTimeoutSettingTest {
    @Test
    void default_is30s_inEachDriversUnit() {
        assertThat(JdbcSettings.DEFAULT_SOCKET_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(Pools.socketTimeout(settings("jdbc:postgresql://h/db"))).isEqualTo("30");
        assertThat(Pools.socketTimeout(settings("jdbc:mariadb://h/db"))).isEqualTo("30000");
        assertThat(Pools.socketTimeout(settings("jdbc:mysql://h/db"))).isEqualTo("30000");
        assertThat(Pools.socketTimeout(settings("jdbc:h2:mem:x")))
                .as("H2 has no such property")
                .isNull();
    }

    @Test
    void aDuration_isRoundedUpToWholeSecondsForPgJdbc() {
        assertThat(Pools.socketTimeout(settings("jdbc:postgresql://h/db", JdbcSettings.SOCKET_TIMEOUT, "2500ms")))
                .isEqualTo("3");
        assertThat(Pools.socketTimeout(settings("jdbc:mariadb://h/db", JdbcSettings.SOCKET_TIMEOUT, "2500ms")))
                .isEqualTo("2500");
    }

    @Test
    void theDriversOwnProperty_wins() {
        assertThat(settings("jdbc:postgresql://h/db", "errand.jdbc.pool.dataSource.socketTimeout", "0")
                        .socketTimeout())
                .isNull();
        assertThat(settings("jdbc:postgresql://h/db?socketTimeout=0").socketTimeout())
                .isNull();
    }

    @Test
    void bothAtOnce_areRefusedNamingBoth() {
        assertThatThrownBy(() -> settings(
                        "jdbc:postgresql://h/db",
                        JdbcSettings.SOCKET_TIMEOUT,
                        "10s",
                        "errand.jdbc.pool.dataSource.socketTimeout",
                        "5"))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.jdbc.socketTimeout and the driver's socketTimeout")
                .hasMessageContaining("errand.jdbc.pool.dataSource.socketTimeout");
    }

    @Test
    void zeroOrNegative_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings("jdbc:postgresql://h/db", JdbcSettings.SOCKET_TIMEOUT, "0s"))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining(JdbcSettings.SOCKET_TIMEOUT);
    }

    private static JdbcSettings settings(String url, String... extra) {
        Map<String, String> values = new HashMap<>();
        values.put(JdbcSettings.URL, url);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return JdbcSettings.from(ErrandConfig.of(values, "test"));
    }
}
