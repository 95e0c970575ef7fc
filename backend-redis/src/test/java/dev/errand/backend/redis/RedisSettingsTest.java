package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    private static RedisSettings settings(Map<String, String> values) {
        return RedisSettings.from(ErrandConfig.of(values, "test.properties"));
    }

    @Test
    void defaults_areLocalhost_prefixErrand_retentionADayForSucceeded_aWeekForDeadAndCancelled() {
        RedisSettings s = settings(Map.of());

        assertThat(s.cluster()).isFalse();
        assertThat(s.endpoint()).isEqualTo("redis://localhost:6379");
        assertThat(s.nodes()).containsExactly(new RedisSettings.Node("localhost", 6379));
        assertThat(s.prefix()).isEqualTo("errand");
        assertThat(s.retention().succeeded()).isEqualTo(Duration.ofDays(1));
        assertThat(s.retention().failed()).isEqualTo(Duration.ofDays(7));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.poolMaxTotal()).as("sized for a worker of 8 threads").isEqualTo(12);
        assertThat(s.database()).isZero();
        assertThat(s.tls().enabled()).isFalse();
    }

    @Test
    void url_givesCredentialsDatabaseAndTls_andMasksThePassword() {
        RedisSettings s = settings(Map.of(RedisSettings.URL, "rediss://app:s%40cret@redis.example:6380/3"));

        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("s@cret");
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.tls().enabled()).isTrue();
        assertThat(s.tls().verifyHostname()).isTrue();
        assertThat(s.tls().trustStore()).isNull();
        assertThat(s.nodes()).containsExactly(new RedisSettings.Node("redis.example", 6380));
        assertThat(s.endpoint())
                .isEqualTo("rediss://app:****@redis.example:6380/3")
                .doesNotContain("cret");
        assertThat(s.toString()).doesNotContain("cret").contains("password=****");
    }

    @Test
    void url_withPasswordOnly_hasNoUser() {
        RedisSettings s = settings(Map.of(RedisSettings.URL, "redis://:pw@127.0.0.1:7000"));

        assertThat(s.user()).isNull();
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.endpoint()).isEqualTo("redis://:****@127.0.0.1:7000");
    }

    @Test
    void cluster_listsTheSeedNodes() {
        RedisSettings s = settings(Map.of(
                RedisSettings.CLUSTER,
                "10.0.0.1:7000, 10.0.0.2:7001",
                RedisSettings.PASSWORD,
                "pw",
                RedisSettings.POOL_MAX_TOTAL,
                "32"));

        assertThat(s.cluster()).isTrue();
        assertThat(s.sourceKey()).isEqualTo("errand.redis.cluster");
        assertThat(s.nodes())
                .containsExactly(new RedisSettings.Node("10.0.0.1", 7000), new RedisSettings.Node("10.0.0.2", 7001));
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.poolMaxTotal()).isEqualTo(32);
    }

    @Test
    void sentinel_namesTheMasterAndTheSentinels_andWaitReplicasIsRead() {
        RedisSettings s = settings(Map.of(
                RedisSettings.SENTINEL_NODES, "10.0.0.1:26379,10.0.0.2:26380",
                RedisSettings.SENTINEL_MASTER, "jobs",
                RedisSettings.WAIT_REPLICAS, "1",
                RedisSettings.WAIT_TIMEOUT, "250ms"));

        assertThat(s.sentinel()).isTrue();
        assertThat(s.cluster()).isFalse();
        assertThat(s.sentinelMaster()).isEqualTo("jobs");
        assertThat(s.nodes())
                .containsExactly(new RedisSettings.Node("10.0.0.1", 26379), new RedisSettings.Node("10.0.0.2", 26380));
        assertThat(s.endpoint()).isEqualTo("master 'jobs' of the Sentinels at 10.0.0.1:26379,10.0.0.2:26380");
        assertThat(s.sourceKey()).isEqualTo("errand.redis.sentinel.nodes");
        assertThat(s.replicaWait()).isEqualTo(new RedisSettings.ReplicaWait(1, Duration.ofMillis(250)));
        assertThat(settings(Map.of()).replicaWait().enabled()).isFalse();
    }

    @Test
    void sentinel_withoutTheMastersName_orWithAUrl_isRefusedNamingTheKeys() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.SENTINEL_NODES, "10.0.0.1:26379")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.sentinel.nodes")
                .hasMessageContaining("without errand.redis.sentinel.master");
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.SENTINEL_MASTER, "jobs")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("without errand.redis.sentinel.nodes");
        assertThatThrownBy(() -> settings(Map.of(
                        RedisSettings.SENTINEL_NODES, "10.0.0.1:26379",
                        RedisSettings.SENTINEL_MASTER, "jobs",
                        RedisSettings.URL, "redis://a:1")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.sentinel.nodes")
                .hasMessageContaining("errand.redis.url is set");
        assertThatThrownBy(() -> settings(Map.of(
                        RedisSettings.SENTINEL_NODES, "10.0.0.1",
                        RedisSettings.SENTINEL_MASTER, "jobs")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.sentinel.nodes")
                .hasMessageContaining("host:port of Redis Sentinels");
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.WAIT_REPLICAS, "-1")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.waitReplicas");
    }

    @Test
    void urlAndCluster_together_areRefused() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.URL, "redis://a:1", RedisSettings.CLUSTER, "b:2")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.cluster")
                .hasMessageContaining("errand.redis.url")
                .hasMessageContaining("not both");
    }

    @Test
    void badUrl_namesTheKey_withoutThePassword() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.URL, "http://user:topsecret@host:1")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.url")
                .hasMessageContaining("redis://")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void badDatabase_isRefused() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.URL, "redis://localhost:6379/x")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("database number");
    }

    @Test
    void badClusterNode_namesTheNodeAndTheFormat() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.CLUSTER, "10.0.0.1:7000,nohost")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("'nohost'")
                .hasMessageContaining("host:port");
    }

    @Test
    void prefixWithABrace_isRefused_becauseItWouldBreakTheHashTag() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.PREFIX, "app{1}")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.prefix")
                .hasMessageContaining("hash tag");
    }

    @Test
    void retention_shorthandSetsBoth_andEachKeyWinsForItsKind() {
        RedisSettings s = settings(Map.of(RedisSettings.RETENTION, "2h", "errand.redis.retention.failed", "3d"));

        assertThat(s.retention().succeeded()).isEqualTo(Duration.ofHours(2));
        assertThat(s.retention().failed()).isEqualTo(Duration.ofDays(3));
        assertThatThrownBy(() -> settings(Map.of("errand.redis.retention.succeeded", "-1s")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.retention.succeeded");
    }

    @Test
    void retentionAndPool_areValidated() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.RETENTION, "forever")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.retention");
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.POOL_MAX_TOTAL, "1")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.pool.maxTotal");
    }

    @Test
    void poolMinIdle_aboveMaxIdle_failsNamingTheBound() {
        assertThatThrownBy(() -> settings(Map.of("errand.redis.pool.maxIdle", "8", "errand.redis.pool.minIdle", "9")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "invalid value '9' for errand.redis.pool.minIdle (from test.properties): expected an integer "
                                + "from 0 to 8");
    }

    @Test
    void poolMaxTotal_followsTheWorkerThreads_unlessSet() {
        RedisSettings byDefault = settings(Map.of());
        assertThat(byDefault.poolMaxTotal())
                .as("8 threads, 3 of the worker, 1 for outcomes")
                .isEqualTo(12);
        assertThat(byDefault.poolMaxTotalSet()).isFalse();

        RedisSettings twenty = settings(Map.of("errand.worker.threads", "20"));
        assertThat(twenty.poolMaxTotal()).isEqualTo(24);
        assertThat(twenty.poolMaxIdle()).isEqualTo(24);

        RedisSettings set = settings(Map.of("errand.worker.threads", "20", "errand.redis.pool.maxTotal", "5"));
        assertThat(set.poolMaxTotal()).isEqualTo(5);
        assertThat(set.poolMaxTotalSet()).isTrue();
    }

    @Test
    void serviceLoader_findsTheDeclarationOfEveryKey() {
        SettingGroup declared = SettingGroup.onClassPath().stream()
                .filter(g -> g.module().equals("errand-backend-redis"))
                .findFirst()
                .orElseThrow();
        assertThat(declared.settings())
                .extracting(Setting::key)
                .containsExactlyInAnyOrder(
                        "errand.redis.url",
                        "errand.redis.cluster",
                        "errand.redis.sentinel.nodes",
                        "errand.redis.sentinel.master",
                        "errand.redis.waitReplicas",
                        "errand.redis.waitTimeout",
                        "errand.redis.user",
                        "errand.redis.password",
                        "errand.redis.ssl",
                        "errand.redis.ssl.trustStore",
                        "errand.redis.ssl.trustStorePassword",
                        "errand.redis.ssl.keyStore",
                        "errand.redis.ssl.keyStorePassword",
                        "errand.redis.ssl.verifyHostname",
                        "errand.redis.prefix",
                        "errand.redis.retention",
                        "errand.redis.retention.succeeded",
                        "errand.redis.retention.failed",
                        "errand.redis.timeout",
                        "errand.redis.pool.maxTotal",
                        "errand.redis.pool.maxIdle",
                        "errand.redis.pool.minIdle",
                        "errand.redis.pool.maxWait");
        assertThat(new RedisBackendProvider().name()).isEqualTo("redis");
    }

    @Test
    void passwordOnlyUrl_isMaskedWhole() {
        RedisSettings s = settings(Map.of(RedisSettings.URL, "redis://hunter2@127.0.0.1:7000"));

        assertThat(s.password()).isEqualTo("hunter2");
        assertThat(s.endpoint()).isEqualTo("redis://****@127.0.0.1:7000");
    }

    @Test
    void passwordKey_withAUrlWithoutCredentials() {
        RedisSettings s = settings(Map.of(
                RedisSettings.URL,
                "redis://127.0.0.1:7000",
                RedisSettings.USER,
                "errand",
                RedisSettings.PASSWORD,
                "pw"));

        assertThat(s.user()).isEqualTo("errand");
        assertThat(s.password()).isEqualTo("pw");
    }

    @Test
    void passwordInTheUrlAndInItsKey_isRefused_withoutEitherPassword() {
        assertThatThrownBy(() -> settings(
                        Map.of(RedisSettings.URL, "redis://:hunter2@127.0.0.1:7000", RedisSettings.PASSWORD, "s3cret")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageStartingWith(
                        "errand.redis.url (from test.properties) holds a password and errand.redis.password "
                                + "is set too")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void unparseableUrl_withAPassword_isMasked() {
        assertThatThrownBy(() -> settings(Map.of(RedisSettings.URL, "redis://:hun@ter2@127.0.0.1:notaport")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("errand.redis.url")
                .hasMessageNotContaining("hun")
                .hasMessageNotContaining("ter2");
    }

    @Test
    void tlsStores_areReadFromTheirKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path trust = java.nio.file.Files.writeString(dir.resolve("trust.p12"), "x");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("client.p12"), "x");

        RedisSettings s = settings(Map.of(
                RedisSettings.URL,
                "rediss://127.0.0.1:6380",
                RedisSettings.TRUST_STORE,
                trust.toString(),
                RedisSettings.TRUST_STORE_PASSWORD,
                "tpw",
                RedisSettings.KEY_STORE,
                key.toString(),
                RedisSettings.KEY_STORE_PASSWORD,
                "kpw",
                RedisSettings.VERIFY_HOSTNAME,
                "false"));

        assertThat(s.tls()).isEqualTo(new RedisSettings.Tls(true, trust, "tpw", key, "kpw", false));
        assertThat(s.tls().toString()).doesNotContain("tpw").doesNotContain("kpw");
        assertThat(RedisConnector.sslOptions(s.tls()).getSslVerifyMode())
                .isEqualTo(redis.clients.jedis.SslVerifyMode.CA);
        assertThat(settings(Map.of(RedisSettings.SSL, "true", RedisSettings.CLUSTER, "10.0.0.1:7000"))
                        .tls()
                        .enabled())
                .isTrue();
    }

    @Test
    void tlsStores_thatAreMissing_orWithoutTls_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of(
                        RedisSettings.URL, "rediss://127.0.0.1:6380", RedisSettings.TRUST_STORE, "/no/such/trust.p12")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("invalid value '/no/such/trust.p12' for errand.redis.ssl.trustStore")
                .hasMessageContaining("a readable PKCS12 or JKS file");
        assertThatThrownBy(() -> settings(
                        Map.of(RedisSettings.URL, "redis://127.0.0.1:6379", RedisSettings.VERIFY_HOSTNAME, "false")))
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage(
                        "errand.redis.ssl.verifyHostname (from test.properties) is set but TLS is off; use a rediss:// URL "
                                + "or set errand.redis.ssl=true");
    }
}
