package dev.errand.backend.redis;

import dev.errand.config.ErrandConfigException;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.RetentionConfig;
import dev.errand.config.Secrets;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code errand.redis.*} settings, checked once: a bad value fails with a message that names
 * the key, the value (never a password) and what is allowed.
 *
 * @param endpoint  where Redis is, for messages: the URL with its password masked, or the cluster nodes
 * @param sourceKey the key the endpoint came from ({@code errand.redis.url} or {@code errand.redis.cluster})
 * @param nodes     one node for a single server; the seed nodes of a cluster
 * @param cluster   true for Redis Cluster
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
        String configSource) {

    static final String URL = "errand.redis.url";
    static final String CLUSTER = "errand.redis.cluster";
    static final String USER = "errand.redis.user";
    static final String PASSWORD = "errand.redis.password";
    static final String SSL = "errand.redis.ssl";
    static final String TRUST_STORE = "errand.redis.ssl.trustStore";
    static final String TRUST_STORE_PASSWORD = "errand.redis.ssl.trustStorePassword";
    static final String KEY_STORE = "errand.redis.ssl.keyStore";
    static final String KEY_STORE_PASSWORD = "errand.redis.ssl.keyStorePassword";
    static final String VERIFY_HOSTNAME = "errand.redis.ssl.verifyHostname";
    static final String PREFIX = "errand.redis.prefix";
    /** Shorthand for both retentions; {@code .succeeded} and {@code .failed} set one each ({@link RetentionConfig}). */
    static final String RETENTION = "errand.redis.retention";
    static final String TIMEOUT = "errand.redis.timeout";
    static final String POOL_MAX_TOTAL = "errand.redis.pool.maxTotal";
    static final String POOL_MAX_IDLE = "errand.redis.pool.maxIdle";
    static final String POOL_MIN_IDLE = "errand.redis.pool.minIdle";
    static final String POOL_MAX_WAIT = "errand.redis.pool.maxWait";
    static final Set<String> KEYS = Set.of(URL, CLUSTER, USER, PASSWORD, SSL, TRUST_STORE, TRUST_STORE_PASSWORD, KEY_STORE,
            KEY_STORE_PASSWORD, VERIFY_HOSTNAME, PREFIX, RETENTION, RetentionConfig.succeededKey(RETENTION),
            RetentionConfig.failedKey(RETENTION), TIMEOUT, POOL_MAX_TOTAL, POOL_MAX_IDLE, POOL_MIN_IDLE,
            POOL_MAX_WAIT);

    static final String DEFAULT_URL = "redis://localhost:6379";
    static final String DEFAULT_PREFIX = "errand";
    /** Succeeded jobs and their results: a day. */
    static final Duration DEFAULT_RETENTION_SUCCEEDED = Duration.ofDays(1);
    /** Dead and cancelled jobs with their error history: a week to look into them (they are few). */
    static final Duration DEFAULT_RETENTION_FAILED = Duration.ofDays(7);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The pooled connections the backend's own thread may hold: the one that looks up outcomes (pub/sub has its own). */
    static final int RESERVED_CONNECTIONS = 1;
    static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofSeconds(2);

    /** Prefixes share the queue-name alphabet: no braces, so the hash tag stays {@code {prefix:queue}}. */
    static final Pattern PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /**
     * TLS: with {@code enabled}, the server's certificate chain is checked against {@code trustStore}
     * (a PKCS12 or JKS file; null: the JVM's trust store) and, with {@code verifyHostname}, its name
     * against the host connected to; {@code keyStore} holds a client certificate for servers that
     * ask for one ({@code tls-auth-clients yes}).
     */
    record Tls(boolean enabled, Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword,
            boolean verifyHostname) {
        static final Tls OFF = new Tls(false, null, null, null, null, true);

        @Override
        public String toString() {
            return !enabled ? "off" : "on (trustStore=" + (trustStore == null ? "JVM default" : trustStore)
                    + (keyStore == null ? "" : ", keyStore=" + keyStore) + ", verifyHostname=" + verifyHostname + ")";
        }
    }

    /** The settings as they may be printed: no password. */
    @Override
    public String toString() {
        return "RedisSettings[" + sourceKey + "=" + endpoint + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", database=" + database + ", tls=" + tls + ", prefix=" + prefix
                + "]";
    }

    /** A Redis server as host and port. */
    record Node(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    static RedisSettings from(ErrandConfig config) {
        Optional<String> url = config.get(URL);
        List<String> clusterNodes = config.list(CLUSTER);
        if (url.isPresent() && !clusterNodes.isEmpty()) {
            throw config.invalid(CLUSTER, String.join(",", clusterNodes), "no value while " + URL
                    + " is set: use " + URL + " for one Redis server or " + CLUSTER + " for a Redis Cluster, not both");
        }
        String prefix = config.string(PREFIX, DEFAULT_PREFIX);
        if (!PREFIX_PATTERN.matcher(prefix).matches()) {
            throw config.invalid(PREFIX, prefix, "1 to 64 letters, digits or _ . : - (no braces: the prefix is part of"
                    + " each queue's cluster hash tag)");
        }
        RetentionConfig retention = RetentionConfig.from(config, RETENTION, DEFAULT_RETENTION_SUCCEEDED, DEFAULT_RETENTION_FAILED);
        Duration timeout = config.duration(TIMEOUT, DEFAULT_TIMEOUT);
        boolean maxTotalSet = config.get(POOL_MAX_TOTAL).isPresent();
        int maxTotal = config.integer(POOL_MAX_TOTAL,
                ConnectionPool.needed(CoreKeys.workerThreads(config), RESERVED_CONNECTIONS), 2, 10_000);
        int maxIdle = config.integer(POOL_MAX_IDLE, maxTotal, 0, 10_000);
        int minIdle = config.integer(POOL_MIN_IDLE, 0, 0, maxIdle);
        Duration maxWait = config.duration(POOL_MAX_WAIT, DEFAULT_POOL_MAX_WAIT);
        String user = config.get(USER).orElse(null);
        String password = config.get(PASSWORD).orElse(null);
        boolean ssl = config.bool(SSL, false);
        if (!clusterNodes.isEmpty()) {
            List<Node> nodes = new ArrayList<>();
            for (String node : clusterNodes) {
                nodes.add(hostPort(config, node));
            }
            return new RedisSettings(String.join(",", clusterNodes), CLUSTER, List.copyOf(nodes), true, user, password,
                    0, tls(config, ssl), prefix, retention, timeout, maxTotal, maxTotalSet, maxIdle, minIdle, maxWait,
                    config.source());
        }
        String text = url.orElse(DEFAULT_URL);
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
                        + " is set too; keep one (" + PASSWORD + " with ${env:NAME} or ${file:PATH} keeps it out of the file)");
            }
            password = credentials[1];
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return new RedisSettings(masked, URL, List.of(new Node(uri.getHost(), port)), false, user, password,
                database(config, uri, masked), tls(config, ssl || "rediss".equals(uri.getScheme())), prefix, retention,
                timeout, maxTotal, maxTotalSet, maxIdle, minIdle, maxWait, config.source());
    }

    private static Tls tls(ErrandConfig config, boolean enabled) {
        Path trustStore = store(config, TRUST_STORE);
        Path keyStore = store(config, KEY_STORE);
        boolean verifyHostname = config.bool(VERIFY_HOSTNAME, true);
        if (!enabled) {
            for (String key : List.of(TRUST_STORE, TRUST_STORE_PASSWORD, KEY_STORE, KEY_STORE_PASSWORD, VERIFY_HOSTNAME)) {
                if (config.get(key).isPresent()) {
                    throw new ErrandConfigException(key + " (from " + config.source() + ") is set but TLS is off; use a "
                            + "rediss:// URL or set " + SSL + "=true");
                }
            }
            return Tls.OFF;
        }
        return new Tls(true, trustStore, config.get(TRUST_STORE_PASSWORD).orElse(null), keyStore,
                config.get(KEY_STORE_PASSWORD).orElse(null), verifyHostname);
    }

    private static Path store(ErrandConfig config, String key) {
        Optional<String> file = config.get(key);
        if (file.isEmpty()) {
            return null;
        }
        Path path = Path.of(file.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw config.invalid(key, file.get(), "a readable PKCS12 or JKS file (" + path.toAbsolutePath()
                    + " is not one)");
        }
        return path;
    }

    private static URI parseUrl(ErrandConfig config, String text) {
        String expected = "redis://[user:password@]host[:port][/database], or rediss:// for TLS";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw config.invalid(URL, Secrets.redactUrl(text), expected);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
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

    private static Node hostPort(ErrandConfig config, String node) {
        int colon = node.lastIndexOf(':');
        String expected = "a comma-separated list of host:port, e.g. 10.0.0.1:7000,10.0.0.2:7000";
        if (colon <= 0 || colon == node.length() - 1) {
            throw config.invalid(CLUSTER, node, expected);
        }
        String host = node.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(node.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw config.invalid(CLUSTER, node, expected);
            }
            return new Node(host, port);
        } catch (NumberFormatException e) {
            throw config.invalid(CLUSTER, node, expected);
        }
    }
}
