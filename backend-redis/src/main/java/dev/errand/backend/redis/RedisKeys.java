package dev.errand.backend.redis;

import dev.errand.config.RetentionKeys;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code errand.redis.*} settings, declared once; {@link RedisSettings} reads them. */
public final class RedisKeys extends SettingGroup {
    /** Prefixes share the queue-name alphabet: no braces, so the hash tag stays {@code {prefix:queue}}. */
    static final Pattern PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    static final Setting<String> URL = Setting.string("errand.redis.url", "redis://localhost:6379")
            .allowed("redis://[user:password@]host[:port][/database], or rediss:// for TLS")
            .doc("one Redis server; `rediss://` for TLS. Never printed with its password");
    static final Setting<List<String>> CLUSTER = Setting.list("errand.redis.cluster")
            .allowed("a comma-separated list of host:port, e.g. 10.0.0.1:7000,10.0.0.2:7000")
            .doc("Redis Cluster seed nodes; not together with `errand.redis.url`");
    static final Setting<List<String>> SENTINEL_NODES = Setting.list("errand.redis.sentinel.nodes")
            .allowed("a comma-separated list of host:port of Redis Sentinels, e.g. 10.0.0.1:26379,10.0.0.2:26379")
            .doc("Redis Sentinels that name the master (with `errand.redis.sentinel.master`): clients and workers "
                    + "follow a failover to the new master by themselves. Not together with `errand.redis.url` or "
                    + "`errand.redis.cluster`; the master's credentials come from `errand.redis.user`/`errand.redis.password`, "
                    + "the Sentinels are asked without any");
    static final Setting<String> SENTINEL_MASTER = Setting.string("errand.redis.sentinel.master", null)
            .allowed("the master's name in the Sentinels' configuration, e.g. mymaster")
            .doc("the name of the master the Sentinels in `errand.redis.sentinel.nodes` watch");
    static final Setting<Integer> WAIT_REPLICAS = Setting.integer("errand.redis.waitReplicas", 0, 0, 100)
            .doc("replicas that must confirm each change a caller is told is done (enqueue, complete, fail, cancel, "
                    + "retry, delete, a recurring job's run) before the call returns, with Redis `WAIT`: 1 or more "
                    + "keeps acknowledged jobs through a failover to a replica; 0 returns as soon as the master has "
                    + "the change (a job acknowledged just before the master dies can be lost)");
    static final Setting<Duration> WAIT_TIMEOUT = Setting.duration("errand.redis.waitTimeout", Duration.ofSeconds(1))
            .doc(
                    "how long a change waits for `errand.redis.waitReplicas` replicas; when fewer confirm in time the call "
                            + "fails, naming how many did (the change stays on the master)");
    static final Setting<String> USER =
            Setting.string("errand.redis.user", null).doc("the ACL user, for a cluster or a URL without one");
    static final Setting<String> PASSWORD = Setting.string("errand.redis.password", null)
            .doc(
                    "the password (of the ACL user, or the `requirepass` password alone), for a cluster or a URL without one; "
                            + "`${env:REDIS_PASSWORD}` or `${file:/run/secrets/redis}` keeps it out of the file. A password in the "
                            + "URL and in this key at once is refused");
    static final Setting<Boolean> SSL = Setting.bool("errand.redis.ssl", false)
            .doc("TLS; `rediss://` implies it. The server's certificate chain and host name are verified");
    static final Setting<Path> TRUST_STORE = Setting.path("errand.redis.ssl.trustStore", null)
            .defaultText("the JVM's trust store")
            .allowed("a readable PKCS12 or JKS file")
            .doc("the CA (or the server certificate) to trust, e.g. for a private CA");
    static final Setting<String> TRUST_STORE_PASSWORD = Setting.string("errand.redis.ssl.trustStorePassword", null)
            .doc("the password of `errand.redis.ssl.trustStore`");
    static final Setting<Path> KEY_STORE = TRUST_STORE
            .renamed("errand.redis.ssl.keyStore")
            .defaultText("")
            .doc("a client certificate, for servers with `tls-auth-clients yes`");
    static final Setting<String> KEY_STORE_PASSWORD = TRUST_STORE_PASSWORD
            .renamed("errand.redis.ssl.keyStorePassword")
            .doc("the password of `errand.redis.ssl.keyStore`");
    static final Setting<Boolean> VERIFY_HOSTNAME = Setting.bool("errand.redis.ssl.verifyHostname", true)
            .doc("`false` checks the certificate chain but not the host name (a certificate without the name you "
                    + "connect to)");
    static final Setting<String> PREFIX = Setting.string("errand.redis.prefix", "errand")
            .check(
                    prefix -> PREFIX_PATTERN.matcher(prefix).matches(),
                    "1 to 64 letters, digits or _ . : - (no braces: "
                            + "the prefix is part of each queue's cluster hash tag)")
            .doc("start of every key; applications sharing one Redis use different prefixes");
    static final RetentionKeys RETENTION = RetentionKeys.declare(
            "errand.redis.retention",
            Duration.ofDays(1),
            Duration.ofDays(7),
            "how long succeeded jobs and their results stay, then their hash expires (its TTL is set "
                    + "when the job finishes)",
            "how long dead and cancelled jobs, with their error history, stay, then " + "they expire");
    static final Setting<Duration> TIMEOUT = Setting.duration("errand.redis.timeout", Duration.ofSeconds(2))
            .doc("connect and read timeout of each command; also how long the pub/sub connection may leave a `PING` "
                    + "unanswered (it is sent after 5 s without a message) before it is dropped and made again");
    static final Setting<Integer> POOL_MAX_TOTAL = Setting.integer("errand.redis.pool.maxTotal", null, 2, 10_000)
            .defaultText("`errand.worker.threads` + 4 (12 for 8 threads)")
            .doc(
                    "connections in the pool for commands (per node on a cluster; the pub/sub connection is not from it). A "
                            + "worker of n threads may use n + 3 at once (each job thread, the fetcher, the completer, the "
                            + "supervisor) and the outcome lookups one more; a worker started on a smaller pool fails at `start()` "
                            + "naming this key, `errand.worker.threads` and the size it needs");
    static final Setting<Integer> POOL_MAX_IDLE = Setting.integer("errand.redis.pool.maxIdle", null, 0, 10_000)
            .defaultText("`errand.redis.pool.maxTotal`")
            .doc("most idle connections the pool keeps");
    static final Setting<Integer> POOL_MIN_IDLE = Setting.integer("errand.redis.pool.minIdle", 0, 0, 10_000)
            .allowed("0 to `errand.redis.pool.maxIdle`")
            .doc("fewest idle connections the pool keeps");
    static final Setting<Duration> POOL_MAX_WAIT = Setting.duration("errand.redis.pool.maxWait", Duration.ofSeconds(2))
            .doc("how long a call waits for a free pooled connection");

    public RedisKeys() {
        super(
                "errand-backend-redis",
                "The Redis backend",
                List.of(
                        URL,
                        CLUSTER,
                        SENTINEL_NODES,
                        SENTINEL_MASTER,
                        WAIT_REPLICAS,
                        WAIT_TIMEOUT,
                        USER,
                        PASSWORD,
                        SSL,
                        TRUST_STORE,
                        TRUST_STORE_PASSWORD,
                        KEY_STORE,
                        KEY_STORE_PASSWORD,
                        VERIFY_HOSTNAME,
                        PREFIX,
                        RETENTION.succeeded(),
                        RETENTION.failed(),
                        RETENTION.both(),
                        TIMEOUT,
                        POOL_MAX_TOTAL,
                        POOL_MAX_IDLE,
                        POOL_MIN_IDLE,
                        POOL_MAX_WAIT));
    }
}
