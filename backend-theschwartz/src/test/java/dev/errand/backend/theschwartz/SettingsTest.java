package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.jdbc.PoolProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static TheSchwartzSettings settings(Map<String, String> values) {
        return TheSchwartzSettings.from(ErrandConfig.of(values, "test"));
    }

    @Test
    void aMissingUrl_isNamed_withAnExample() {
        assertThatThrownBy(() -> settings(Map.of()))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.theschwartz.url is not set")
                .hasMessageContaining("jdbc:sqlite:");
    }

    @Test
    void theDialect_followsTheUrl() {
        assertThat(settings(Map.of("errand.theschwartz.url", "jdbc:sqlite:/x.db"))
                        .dialect())
                .isEqualTo(Dialect.SQLITE);
        assertThat(settings(Map.of("errand.theschwartz.url", "jdbc:postgresql://h/db"))
                        .dialect())
                .isEqualTo(Dialect.POSTGRESQL);
        assertThat(settings(Map.of("errand.theschwartz.url", "jdbc:mariadb://h/db"))
                        .dialect())
                .isEqualTo(Dialect.MYSQL);
    }

    @Test
    void aPasswordInTheUrl_goesToTheDriver_andIsNotShown() {
        TheSchwartzSettings s = settings(Map.of("errand.theschwartz.url", "jdbc:postgresql://app:s3cret@h/db"));

        assertThat(s.url()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(s.username()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void affectedRowsOnMySql_isRefused_becauseTheGrabCountsFoundRows() {
        assertThatThrownBy(() -> settings(Map.of("errand.theschwartz.url", "jdbc:mariadb://h/db?useAffectedRows=true")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("useAffectedRows=true")
                .hasMessageContaining("rows found");
        assertThatThrownBy(() -> settings(Map.of(
                        "errand.theschwartz.url",
                        "jdbc:mariadb://h/db",
                        "errand.theschwartz.pool.dataSource.useAffectedRows",
                        "true")))
                .isInstanceOf(ErrandConfigException.class);
    }

    @Test
    void thePool_isSizedForTheWorkerThreads_butOpensConnectionsOnDemand_unlessMinimumIdleIsSet(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("schwartz.db");
        try (HikariDataSource pool = Database.open(settings(Map.of("errand.theschwartz.url", url)))) {
            assertThat(pool.getMaximumPoolSize()).isEqualTo(8 + 3 + 1);
            assertThat(pool.getMinimumIdle()).isEqualTo(PoolProperties.MINIMUM_IDLE);
        }
        try (HikariDataSource pool = Database.open(
                settings(Map.of("errand.theschwartz.url", url, "errand.theschwartz.pool.minimumIdle", "12")))) {
            assertThat(pool.getMinimumIdle()).isEqualTo(12);
        }
    }
}
