package dev.errand.backend.redis;

import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.RetentionConfig;
import dev.errand.config.Secrets;
import dev.errand.config.Setting;
import dev.errand.spi.ConnectionPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code errand.redis.*} settings as {@link RedisKeys} declares them, checked once: a bad value
 * fails with a message that names the key, the value (never a password) and what is allowed.
 *
 * @param endpoint  where Redis is, for messages: the URL with its password masked, or the cluster nodes
 * @param sourceKey the key the endpoint came from ({@code errand.redis.url} or {@code errand.redis.cluster})
 * @param nodes     one node for a single server; the seed nodes of a cluster
 * @param cluster   true for Redis Cluster
 * @param sentinelMaster null, or the master's name when {@code nodes} are the Sentinels that watch it
 * @param replicaWait how many replicas must confirm each acknowledged change, and how long to wait for them
 * @param tls       TLS on or off, and the stores that verify the server and identify the client
 * @param poolMaxTotalSet true when {@code errand.redis.pool.maxTotal} is set; else the pool is sized for
 *                  {@code errand.worker.threads} ({@link #RESERVED_CONNECTIONS})
 */
record RedisSettings(
        String endpoint,
        String sourceKey,
        List<Node> nodes,
        boolean cluster,
        String user,
        String password,
        int database,
        Tls tls,
        String prefix,
        RetentionConfig retention,
        Duration timeout,
        int poolMaxTotal,
        boolean poolMaxTotalSet,
        int poolMaxIdle,
        int poolMinIdle,
        Duration poolMaxWait,
        String sentinelMaster,
        ReplicaWait replicaWait,
        String configSource) {

    /** The keys' names, for messages; {@link RedisKeys} declares them. */
    static final String URL = RedisKeys.URL.key();

    static final String CLUSTER = RedisKeys.CLUSTER.key();
    static final String SENTINEL_NODES = RedisKeys.SENTINEL_NODES.key();
    static final String SENTINEL_MASTER = RedisKeys.SENTINEL_MASTER.key();
    static final String WAIT_REPLICAS = RedisKeys.WAIT_REPLICAS.key();
    static final String WAIT_TIMEOUT = RedisKeys.WAIT_TIMEOUT.key();
    static final String USER = RedisKeys.USER.key();
    static final String PASSWORD = RedisKeys.PASSWORD.key();
    static final String SSL = RedisKeys.SSL.key();
    static final String TRUST_STORE = RedisKeys.TRUST_STORE.key();
    static final String TRUST_STORE_PASSWORD = RedisKeys.TRUST_STORE_PASSWORD.key();
    static final String KEY_STORE = RedisKeys.KEY_STORE.key();
    static final String KEY_STORE_PASSWORD = RedisKeys.KEY_STORE_PASSWORD.key();
    static final String VERIFY_HOSTNAME = RedisKeys.VERIFY_HOSTNAME.key();
    static final String PREFIX = RedisKeys.PREFIX.key();
    /** Shorthand for both retentions; {@code .succeeded} and {@code .failed} set one each ({@link RetentionConfig}). */
    static final String RETENTION = RedisKeys.RETENTION.both().key();

    static final String TIMEOUT = RedisKeys.TIMEOUT.key();
    static final String POOL_MAX_TOTAL = RedisKeys.POOL_MAX_TOTAL.key();
    static final String DEFAULT_PREFIX = RedisKeys.PREFIX.defaultValue();
    /** The pooled connections the backend's own thread may hold: the one that looks up outcomes (pub/sub has its own). */
    static final int RESERVED_CONNECTIONS = 1;

    /**
     * TLS: with {@code enabled}, the server's certificate chain is checked against {@code trustStore}
     * (a PKCS12 or JKS file; null: the JVM's trust store) and, with {@code verifyHostname}, its name
     * against the host connected to; {@code keyStore} holds a client certificate for servers that
     * ask for one ({@code tls-auth-clients yes}).
     */
    record Tls(
            boolean enabled,
            Path trustStore,
            String trustStorePassword,
            Path keyStore,
            String keyStorePassword,
            boolean verifyHostname) {
        static final Tls OFF = new Tls(false, null, null, null, null, true);

        @Override
        public String toString() {
            return !enabled
                    ? "off"
                    : "on (trustStore=" + (trustStore == null ? "JVM default" : trustStore)
                            + (keyStore == null ? "" : ", keyStore=" + keyStore) + ", verifyHostname=" + verifyHostname
                            + ")";
        }
    }

    /** The settings as they may be printed: no password. */
    @Override
    public String toString() {
        return "RedisSettings[" + sourceKey + "=" + endpoint + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", database=" + database + ", tls=" + tls + ", prefix="
                + prefix
                + "]";
    }

    /** Replicas that must confirm a change before its call returns ({@code WAIT replicas timeout}); none when 0. */
    record ReplicaWait(int replicas, Duration timeout) {
        boolean enabled() {
            return replicas > 0;
        }
    }

    /** True when {@link #nodes} are Sentinels and the server is the master they name. */
    boolean sentinel() {
        return sentinelMaster != null;
    }

    /** A Redis server as host and port. */
    record Node(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    static RedisSettings from(ErrandConfig config) {
        boolean urlSet = RedisKeys.URL.isSet(config);
        List<String> clusterNodes = RedisKeys.CLUSTER.get(config);
        if (urlSet && !clusterNodes.isEmpty()) {
            throw config.invalid(
                    CLUSTER,
                    String.join(",", clusterNodes),
                    "no value while " + URL + " is set: use " + URL + " for one Redis server or " + CLUSTER
                            + " for a Redis Cluster, not both");
        }
        List<String> sentinelNodes = RedisKeys.SENTINEL_NODES.get(config);
        String sentinelMaster = RedisKeys.SENTINEL_MASTER.get(config);
        if (sentinelNodes.isEmpty() != (sentinelMaster == null)) {
            throw new ErrandConfigException((sentinelMaster == null ? SENTINEL_NODES : SENTINEL_MASTER) + " (from "
                    + config.source() + ") is set without "
                    + (sentinelMaster == null ? SENTINEL_MASTER : SENTINEL_NODES)
                    + ": Redis Sentinel needs both, the Sentinels and the name of the master they watch");
        }
        if (!sentinelNodes.isEmpty() && (urlSet || !clusterNodes.isEmpty())) {
            throw config.invalid(
                    SENTINEL_NODES,
                    String.join(",", sentinelNodes),
                    "no value while " + (urlSet ? URL : CLUSTER) + " is set: use one of " + URL + " (one server), "
                            + CLUSTER + " (a Redis Cluster) or " + SENTINEL_NODES + " (a master and its replicas "
                            + "watched by Sentinels)");
        }
        ReplicaWait replicaWait =
                new ReplicaWait(RedisKeys.WAIT_REPLICAS.get(config), RedisKeys.WAIT_TIMEOUT.get(config));
        String prefix = RedisKeys.PREFIX.get(config);
        RetentionConfig retention = RedisKeys.RETENTION.read(config);
        Duration timeout = RedisKeys.TIMEOUT.get(config);
        boolean maxTotalSet = RedisKeys.POOL_MAX_TOTAL.isSet(config);
        int maxTotal = RedisKeys.POOL_MAX_TOTAL.get(
                config, ConnectionPool.needed(CoreKeys.WORKER_THREADS.get(config), RESERVED_CONNECTIONS));
        int maxIdle = RedisKeys.POOL_MAX_IDLE.get(config, maxTotal);
        int minIdle = RedisKeys.POOL_MIN_IDLE
                .check(n -> n <= maxIdle, "an integer from 0 to " + maxIdle)
                .get(config);
        Duration maxWait = RedisKeys.POOL_MAX_WAIT.get(config);
        String user = RedisKeys.USER.get(config);
        String password = RedisKeys.PASSWORD.get(config);
        boolean ssl = RedisKeys.SSL.get(config);
        if (!clusterNodes.isEmpty() || !sentinelNodes.isEmpty()) {
            boolean cluster = !clusterNodes.isEmpty();
            String key = cluster ? CLUSTER : SENTINEL_NODES;
            List<Node> nodes = new ArrayList<>();
            for (String node : cluster ? clusterNodes : sentinelNodes) {
                nodes.add(hostPort(config, key, node));
            }
            return new RedisSettings(
                    cluster
                            ? String.join(",", clusterNodes)
                            : "master '" + sentinelMaster + "' of the Sentinels at " + String.join(",", sentinelNodes),
                    key,
                    List.copyOf(nodes),
                    cluster,
                    user,
                    password,
                    0,
                    tls(config, ssl),
                    prefix,
                    retention,
                    timeout,
                    maxTotal,
                    maxTotalSet,
                    maxIdle,
                    minIdle,
                    maxWait,
                    sentinelMaster,
                    replicaWait,
                    config.source());
        }
        String text = RedisKeys.URL.get(config);
        URI uri = parseUrl(config, text);
        String masked = Secrets.redactUrl(text);
        String[] credentials = credentials(uri);
        if (credentials[0] != null) {
            if (user != null && !user.equals(credentials[0])) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") names user '" + credentials[0]
                        + "' and " + USER + " names '" + user + "'; keep one");
            }
            user = credentials[0];
        }
        if (credentials[1] != null) {
            if (password != null) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") holds a password and " + PASSWORD
                        + " is set too; keep one (" + PASSWORD
                        + " with ${env:NAME} or ${file:PATH} keeps it out of the file)");
            }
            password = credentials[1];
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return new RedisSettings(
                masked,
                URL,
                List.of(new Node(uri.getHost(), port)),
                false,
                user,
                password,
                database(config, uri, masked),
                tls(config, ssl || "rediss".equals(uri.getScheme())),
                prefix,
                retention,
                timeout,
                maxTotal,
                maxTotalSet,
                maxIdle,
                minIdle,
                maxWait,
                null,
                replicaWait,
                config.source());
    }

    private static Tls tls(ErrandConfig config, boolean enabled) {
        Path trustStore = store(config, RedisKeys.TRUST_STORE);
        Path keyStore = store(config, RedisKeys.KEY_STORE);
        boolean verifyHostname = RedisKeys.VERIFY_HOSTNAME.get(config);
        if (!enabled) {
            for (Setting<?> key : List.of(
                    RedisKeys.TRUST_STORE,
                    RedisKeys.TRUST_STORE_PASSWORD,
                    RedisKeys.KEY_STORE,
                    RedisKeys.KEY_STORE_PASSWORD,
                    RedisKeys.VERIFY_HOSTNAME)) {
                if (key.isSet(config)) {
                    throw new ErrandConfigException(key + " (from " + config.source()
                            + ") is set but TLS is off; use a " + "rediss:// URL or set " + SSL + "=true");
                }
            }
            return Tls.OFF;
        }
        return new Tls(
                true,
                trustStore,
                RedisKeys.TRUST_STORE_PASSWORD.get(config),
                keyStore,
                RedisKeys.KEY_STORE_PASSWORD.get(config),
                verifyHostname);
    }

    private static Path store(ErrandConfig config, Setting<Path> key) {
        Path path = key.get(config);
        if (path != null && (!Files.isRegularFile(path) || !Files.isReadable(path))) {
            throw config.invalid(
                    key.key(),
                    config.get(key.key()).orElseThrow(),
                    key.allowed() + " (" + path.toAbsolutePath() + " is not one)");
        }
        return path;
    }

    private static URI parseUrl(ErrandConfig config, String text) {
        String expected = RedisKeys.URL.allowed();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw config.invalid(URL, Secrets.redactUrl(text), expected);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw config.invalid(URL, Secrets.redactUrl(text), expected);
        }
        return uri;
    }

    private static int database(ErrandConfig config, URI uri, String masked) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String db = path.substring(1);
        if (!db.matches("\\d{1,5}")) {
            throw config.invalid(URL, masked, "a database number after the host, e.g. redis://localhost:6379/0");
        }
        return Integer.parseInt(db);
    }

    /** {user, password} from the URL's user info; {@code :password@} and a lone {@code password@} give no user. */
    private static String[] credentials(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return new String[] {null, null};
        }
        int colon = info.indexOf(':');
        if (colon < 0) {
            return new String[] {null, decode(info)};
        }
        String user = info.substring(0, colon);
        return new String[] {user.isEmpty() ? null : decode(user), decode(info.substring(colon + 1))};
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Node hostPort(ErrandConfig config, String key, String node) {
        int colon = node.lastIndexOf(':');
        String expected = key.equals(CLUSTER) ? RedisKeys.CLUSTER.allowed() : RedisKeys.SENTINEL_NODES.allowed();
        if (colon <= 0 || colon == node.length() - 1) {
            throw config.invalid(key, node, expected);
        }
        String host = node.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(node.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw config.invalid(key, node, expected);
            }
            return new Node(host, port);
        } catch (NumberFormatException e) {
            throw config.invalid(key, node, expected);
        }
    }
}
