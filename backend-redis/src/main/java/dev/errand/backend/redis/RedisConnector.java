package dev.errand.backend.redis;

import dev.errand.config.ErrandConfigException;
import dev.errand.config.Secrets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Opens the Jedis client for the settings, a pooled {@link RedisClient} for one server or a
 * {@link RedisClusterClient}, and proves it can talk to Redis before the backend is used: an
 * unreachable server is one clear error at start-up, naming the key to fix and never the password.
 */
final class RedisConnector {
    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private RedisConnector() {}

    /**
     * The pooled client for commands and scripts, and a source of dedicated pub/sub connections:
     * those never come from (or go back to) the pool, so a connection left in subscribe mode can
     * never serve a command.
     */
    /**
     * @param commands the pooled client for commands and scripts
     * @param pubSub   a source of dedicated pub/sub connections, to the master
     * @param holding  a pooled connection to the master that holds a key, for a caller that must send several
     *                 commands on one connection ({@code WAIT} counts the writes of its own connection); closing it
     *                 gives it back
     */
    record Clients(UnifiedJedis commands, Supplier<Connection> pubSub, Function<byte[], Connection> holding) {}

    static Clients connect(RedisSettings s, Keys keys) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.poolMaxTotal());
        pool.setMaxIdle(s.poolMaxIdle());
        pool.setMinIdle(s.poolMinIdle());
        pool.setMaxWait(s.poolMaxWait());
        pool.setBlockWhenExhausted(true);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .user(s.user())
                .password(s.password())
                .database(s.database())
                .clientName("errand");
        if (s.tls().enabled()) {
            builder.sslOptions(sslOptions(s.tls()));
        }
        DefaultJedisClientConfig config = builder.build();
        UnifiedJedis client = null;
        try {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            s.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
            Function<byte[], Connection> holding;
            Supplier<HostAndPort> master;
            if (s.cluster()) {
                RedisClusterClient cluster = RedisClusterClient.builder()
                        .nodes(nodes)
                        .clientConfig(config)
                        .poolConfig(pool)
                        .build();
                client = cluster;
                holding = key -> cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(key));
                master = null;
            } else if (s.sentinel()) {
                // The provider follows the Sentinels' +switch-master: after a failover new connections go to the new
                // master, and the pool drops the old one's.
                // The Sentinels are asked without credentials (they usually have none, and AUTH to a server without a
                // password fails) and without a client name.
                DefaultJedisClientConfig.Builder asked = DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeoutMs)
                        .socketTimeoutMillis(timeoutMs);
                if (s.tls().enabled()) {
                    asked.sslOptions(sslOptions(s.tls()));
                }
                SentineledConnectionProvider sentinels =
                        new SentineledConnectionProvider(s.sentinelMaster(), config, pool, nodes, asked.build());
                client = new UnifiedJedis(sentinels);
                holding = key -> sentinels.getConnection();
                master = sentinels::getCurrentMaster;
            } else {
                RedisSettings.Node node = s.nodes().get(0);
                RedisClient single = RedisClient.builder()
                        .hostAndPort(node.host(), node.port())
                        .clientConfig(config)
                        .poolConfig(pool)
                        .build();
                client = single;
                holding = key -> single.getPool().getResource();
                master = null;
            }
            // A round trip to the node of a known key, which also proves the user may read Errand's keys and
            // publish on its channels: missing ACL permissions fail here, once, not in every worker later.
            client.exists(keys.queues());
            client.publish(keys.clientChannel("start-up-check"), "");
            Clients clients = new Clients(client, pubSubConnections(s, client, config, master), holding);
            warnOnEviction(clients, s);
            return clients;
        } catch (JedisException e) {
            if (client != null) {
                try {
                    client.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new ErrandConfigException(
                    refusal(s, e),
                    Secrets.scrub(
                            e,
                            s.password(),
                            s.tls().trustStorePassword(),
                            s.tls().keyStorePassword()));
        }
    }

    /**
     * TLS as configured: the chain checked against the trust store (or the JVM's), the host name
     * too unless {@code errand.redis.ssl.verifyHostname=false}; a client certificate when a key
     * store is given. The stores are read with the JVM's default key store type (PKCS12, which
     * also reads JKS files).
     */
    static SslOptions sslOptions(RedisSettings.Tls tls) {
        SslOptions.Builder b =
                SslOptions.builder().sslVerifyMode(tls.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
        if (tls.trustStore() != null) {
            b.truststore(tls.trustStore().toFile(), chars(tls.trustStorePassword()))
                    .trustStoreType(KeyStore.getDefaultType());
        }
        if (tls.keyStore() != null) {
            b.keystore(tls.keyStore().toFile(), chars(tls.keyStorePassword())).keyStoreType(KeyStore.getDefaultType());
        }
        return b.build();
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    /**
     * Why start-up failed, for the one exception it throws: wrong credentials and missing ACL
     * permissions say so (they are not "unreachable"), everything else is an unreachable server.
     * Never the password; the reason from Redis or Jedis is scrubbed of it all the same.
     */
    static String refusal(RedisSettings s, Exception cause) {
        String reason =
                Secrets.scrub(String.valueOf(rootMessage(cause)), s.password()).replaceAll("[.\\s]+$", "");
        String at = where(s);
        String from = " (" + s.sourceKey() + ", from " + s.configSource() + ")";
        String who = s.user() == null ? "the default user" : "user '" + s.user() + "'";
        if (reason.contains("WRONGPASS")
                || reason.contains("invalid password")
                || reason.contains("invalid username-password")) {
            return at + from + " refused the credentials of " + who + ": " + reason + ". Fix the password ("
                    + credentialKeys(s) + ")";
        }
        if (reason.contains("NOAUTH") || reason.contains("without any password configured")) {
            return at + from + " and the configuration disagree about a password: " + reason + ". Set the password ("
                    + credentialKeys(s) + ") to the server's, or remove it if the server has none";
        }
        SSLException tlsFailure = tlsFailure(cause);
        if (tlsFailure != null) {
            return "cannot reach " + at + from + ": the TLS handshake failed (" + tlsFailure.getMessage()
                    + "). Check that "
                    + RedisSettings.TRUST_STORE
                    + " (or the JVM's trust store) holds the CA of the server's certificate, that "
                    + "the certificate names the host (or set " + RedisSettings.VERIFY_HOSTNAME + "=false), and "
                    + RedisSettings.KEY_STORE + " if the server asks for a client certificate";
        }
        if (reason.contains("NOPERM")) {
            return at + from + " denies " + who + " a command or key the backend needs: " + reason
                    + ". Grant the ACL of " + "backend-redis/README.md (\"Security: ACL user and TLS\") for prefix "
                    + s.prefix() + " (" + RedisSettings.PREFIX + ")";
        }
        return unreachable(s, cause);
    }

    private static SSLException tlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private static String credentialKeys(RedisSettings s) {
        return s.cluster()
                ? RedisSettings.PASSWORD + " / " + RedisSettings.USER
                : "in " + RedisSettings.URL + " or " + RedisSettings.PASSWORD + " / " + RedisSettings.USER;
    }

    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c.getMessage() != null
                    && (c.getMessage().contains("WRONGPASS")
                            || c.getMessage().contains("NOAUTH")
                            || c.getMessage().contains("NOPERM"))) {
                message = c.getMessage();
            }
        }
        return message;
    }

    /**
     * Jobs are keys: a server that evicts any key under memory pressure ({@code allkeys-*}) can drop
     * queued jobs. Says so once at start-up; servers that forbid CONFIG (managed services) are not checked.
     */
    private static void warnOnEviction(Clients clients, RedisSettings s) {
        try (Jedis jedis = new Jedis(clients.pubSub().get())) {
            String policy = jedis.configGet("maxmemory-policy").getOrDefault("maxmemory-policy", "");
            if (policy.startsWith("allkeys-")) {
                log.warn(
                        "Redis at {} has maxmemory-policy {}: when it reaches maxmemory it may evict queued jobs. Use"
                                + " noeviction (or a volatile-* policy, which only evicts finished jobs, the keys with a TTL)",
                        s.endpoint(),
                        policy);
            }
        } catch (JedisException e) {
            log.debug("could not read maxmemory-policy from Redis at {}", s.endpoint(), e);
        }
    }

    /**
     * A new connection for pub/sub. On a cluster any node will do (PUBLISH reaches every node), so
     * it tries the nodes the client knows now, then the configured seeds, and keeps the first that answers.
     */
    private static Supplier<Connection> pubSubConnections(
            RedisSettings s, UnifiedJedis client, DefaultJedisClientConfig config, Supplier<HostAndPort> master) {
        if (master != null) {
            return () -> new Connection(master.get(), config); // the Sentinels' master now, not a Sentinel
        }
        return () -> {
            List<HostAndPort> candidates = new ArrayList<>();
            if (client instanceof RedisClusterClient cluster) {
                cluster.getClusterNodes().keySet().forEach(n -> candidates.add(HostAndPort.from(n)));
            }
            s.nodes().forEach(n -> candidates.add(new HostAndPort(n.host(), n.port())));
            JedisException last = null;
            for (HostAndPort node : candidates) {
                try {
                    return new Connection(node, config);
                } catch (JedisException e) {
                    last = e;
                }
            }
            throw last != null ? last : new JedisException("no Redis node to subscribe to");
        };
    }

    static String unreachable(RedisSettings s, Exception cause) {
        String what = where(s);
        String reason =
                Secrets.scrub(String.valueOf(cause.getMessage()), s.password()).replaceAll("[.\\s]+$", "");
        return "cannot reach " + what + " (" + s.sourceKey() + ", from " + s.configSource() + "): "
                + reason + ". Start Redis there or point " + s.sourceKey() + " at a running "
                + (s.cluster() ? "cluster" : s.sentinel() ? "set of Sentinels" : "server");
    }

    /** "Redis at redis://…", "the Redis Cluster at …", "Redis: master 'm' of the Sentinels at …". */
    static String where(RedisSettings s) {
        return s.cluster()
                ? "the Redis Cluster at " + s.endpoint()
                : s.sentinel() ? "Redis: " + s.endpoint() : "Redis at " + s.endpoint();
    }
}
