package dev.errand.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import dev.errand.config.ErrandConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PoolPropertiesTest {
    @Test
    void hikariProperties_driverProperties_andTheDriverClass_goEachToTheirPlace() {
        HikariConfig config = new HikariConfig();
        Properties driver = new Properties();
        Map<String, String> pool =
                Map.of("maximumPoolSize", "7", "dataSource.sslmode", "require", "driverClassName", "org.sqlite.JDBC");

        String driverClass = PoolProperties.apply(config, driver, pool, pool, "errand.theschwartz", "test");

        assertThat(config.getMaximumPoolSize()).isEqualTo(7);
        assertThat(driver).containsEntry("sslmode", "require");
        assertThat(driverClass).isEqualTo("org.sqlite.JDBC");
    }

    @Test
    void anUnknownProperty_isRefusedNamingTheBackendsKey() {
        Map<String, String> pool = Map.of("maximumPoolSise", "7");
        assertThatThrownBy(() -> PoolProperties.apply(
                        new HikariConfig(), new Properties(), pool, pool, "errand.theschwartz", "t"))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining(
                        "unknown HikariCP property 'maximumPoolSise' in errand.theschwartz.pool.maximumPoolSise")
                .hasMessageContaining("maximumPoolSize");
    }

    @Test
    void theCredentials_areRefusedThroughThePoolKeys() {
        Map<String, String> pool = Map.of("password", "secret");
        assertThatThrownBy(() -> PoolProperties.apply(
                        new HikariConfig(), new Properties(), pool, pool, "errand.theschwartz", "t"))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining(
                        "use errand.theschwartz.url, errand.theschwartz.username and errand.theschwartz.password")
                .hasMessageNotContaining("secret");
    }

    @Test
    void socketTimeout_isInEachDriversUnit() {
        Duration t = Duration.ofMillis(2500);
        assertThat(PoolProperties.socketTimeout("jdbc:postgresql://h/db", t)).isEqualTo("3");
        assertThat(PoolProperties.socketTimeout("jdbc:mariadb://h/db", t)).isEqualTo("2500");
        assertThat(PoolProperties.socketTimeout("jdbc:sqlite:/tmp/x.db", t)).isNull();
        assertThat(PoolProperties.socketTimeout("jdbc:postgresql://h/db", null)).isNull();
    }
}
