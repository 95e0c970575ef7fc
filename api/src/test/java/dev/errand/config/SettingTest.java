package dev.errand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Integer> COUNT =
            Setting.integer("errand.test.count", 5, 2, 1000).doc("how many");

    @Test
    void unsetKey_givesTheDeclaredDefault_orTheComputedOne() {
        ErrandConfig empty = ErrandConfig.empty();

        assertThat(COUNT.get(empty)).isEqualTo(5);
        assertThat(COUNT.get(empty, 7)).isEqualTo(7);
        assertThat(COUNT.isSet(empty)).isFalse();
        assertThat(CoreKeys.WORKER_LEASE.get(empty)).isEqualTo(Duration.ofSeconds(30));
        assertThat(CoreKeys.WORKER_NAME.get(empty)).isNull();
        assertThat(CoreKeys.WORKER_QUEUES.get(empty)).isEmpty();
    }

    @Test
    void valueOutOfRange_failsNamingTheKeyTheValueAndTheRange() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.test.count", "1"), "app.properties");

        assertThatThrownBy(() -> COUNT.get(config))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "invalid value '1' for errand.test.count (from app.properties): expected an integer from 2 to 1000");
    }

    @Test
    void valueThatFailsTheCheck_failsNamingTheKeyTheValueAndWhatIsAllowed() {
        ErrandConfig config = ErrandConfig.of(Map.of("errand.worker.queues", "mail, bad queue"), "app.properties");

        assertThatThrownBy(() -> CoreKeys.WORKER_QUEUES.get(config))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage("invalid value 'mail, bad queue' for errand.worker.queues (from app.properties): expected "
                        + "comma-separated queue names of 1 to 64 letters, digits or _ . : -");
    }

    @Test
    void placeholders_areFilledByAt_andATemplateIsNotReadItself() {
        Setting<Integer> perGroup = COUNT.renamed("errand.test.group.<group>.count");
        ErrandConfig config = ErrandConfig.of(Map.of("errand.test.group.mail.count", "9"), "x");

        assertThat(perGroup.at("mail").key()).isEqualTo("errand.test.group.mail.count");
        assertThat(perGroup.at("mail").get(config)).isEqualTo(9);
        assertThat(perGroup.at("web").get(config)).isEqualTo(5);
        assertThatThrownBy(() -> perGroup.get(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read it through at(...)");
        assertThatThrownBy(() -> perGroup.at("a", "b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passThrough_readsEveryKeyUnderItsPrefix() {
        Setting<Map<String, String>> pool = Setting.passThrough("errand.test.pool.");
        ErrandConfig config = ErrandConfig.of(
                Map.of(
                        "errand.test.pool.maximumPoolSize",
                        "4",
                        "errand.test.pool.dataSource.sslmode",
                        "require",
                        "errand.test.other",
                        "x"),
                "x");

        assertThat(pool.key()).isEqualTo("errand.test.pool.*");
        assertThat(pool.get(config))
                .containsExactlyInAnyOrderEntriesOf(Map.of("maximumPoolSize", "4", "dataSource.sslmode", "require"));
        assertThat(pool.get(ErrandConfig.empty())).isEmpty();
    }

    @Test
    void path_isParsed_andTheDefaultIsShownAsWritten() {
        Setting<Path> file = Setting.path("errand.test.pidFile", "errand.pid");

        assertThat(file.get(ErrandConfig.of(Map.of("errand.test.pidFile", "/run/x.pid"), "x")))
                .isEqualTo(Path.of("/run/x.pid"));
        assertThat(file.defaultText()).isEqualTo("errand.pid");
        assertThat(file.defaultIsValue()).isTrue();
    }

    @Test
    void knownKeys_acceptPlaceholdersAndPrefixes_andSuggestAKeyForAMisspeltPlaceholderKey() {
        KnownKeys known = new KnownKeys().add(List.of("errand.test.group.<group>.count", "errand.test.pool.*"));

        known.check(ErrandConfig.of(
                Map.of("errand.test.group.mail.count", "1", "errand.test.pool.dataSource.x", "y"), "x"));
        assertThat(known.contains("errand.test.group.mail.extra.count")).isFalse();
        assertThatThrownBy(() ->
                        known.check(ErrandConfig.of(Map.of("errand.test.group.mail.cuont", "1"), "app.properties")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "unknown configuration key errand.test.group.mail.cuont (from app.properties); did you mean "
                                + "errand.test.group.mail.count? known keys: errand.test.group.<group>.count, errand.test.pool.*");
    }

    @Test
    void reference_isOneTablePerGroup_withTypeDefaultAllowedAndDescription() {
        SettingGroup group = new SettingGroup(
                "errand-test",
                "A test module",
                List.of(
                        COUNT,
                        Setting.duration("errand.test.wait", null)
                                .defaultText("a third of the lease")
                                .doc("how long | to wait"),
                        Setting.string("errand.test.password", null).doc("the password"))) {};

        String md = SettingsReference.markdown(List.of(group));

        assertThat(md).startsWith("# Configuration reference\n").endsWith("""

                ## A test module (`errand-test`)

                | key | type | default | allowed | description |
                |---|---|---|---|---|
                | `errand.test.count` | integer | `5` | 2 to 1000 | how many |
                | `errand.test.wait` | duration | a third of the lease | positive | how long \\| to wait |
                | `errand.test.password` | string | none |  | the password |
                """);
    }

    @Test
    void coreKeys_documentEveryKey() {
        assertThat(new CoreKeys().settings())
                .allSatisfy(s -> assertThat(s.doc()).as(s.key()).isNotBlank());
    }
}
