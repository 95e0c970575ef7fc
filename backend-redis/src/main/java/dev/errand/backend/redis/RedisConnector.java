package dev.errand.backend.redis;

import dev.errand.ErrandConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

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
    record Clients(UnifiedJedis commands, Supplier<Connection> pubSub) {}

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
        if (s.ssl()) {
            builder.sslOptions(SslOptions.defaults()); // TLS, verified against the JVM's trust store (javax.net.ssl.*)
        }
        DefaultJedisClientConfig config = builder.build();
        UnifiedJedis client = null;
        try {
            if (s.cluster()) {
                Set<HostAndPort> nodes = new LinkedHashSet<>();
                s.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
                client = RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool).build();
            } else {
                RedisSettings.Node node = s.nodes().get(0);
                client = RedisClient.builder().hostAndPort(node.host(), node.port()).clientConfig(config)
                        .poolConfig(pool).build();
            }
            client.exists(keys.queues()); // a round trip to the node of a known key
            Clients clients = new Clients(client, pubSubConnections(s, client, config));
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
            throw new ErrandConfigException(unreachable(s, e), e);
        }
    }

    /**
     * Jobs are keys: a server that evicts any key under memory pressure ({@code allkeys-*}) can drop
     * queued jobs. Says so once at start-up; servers that forbid CONFIG (managed services) are not checked.
     */
    private static void warnOnEviction(Clients clients, RedisSettings s) {
        try (Jedis jedis = new Jedis(clients.pubSub().get())) {
            String policy = jedis.configGet("maxmemory-policy").getOrDefault("maxmemory-policy", "");
            if (policy.startsWith("allkeys-")) {
                log.warn("Redis at {} has maxmemory-policy {}: when it reaches maxmemory it may evict queued jobs. Use"
                        + " noeviction (or a volatile-* policy, which only evicts finished jobs, the keys with a TTL)",
                        s.endpoint(), policy);
            }
        } catch (JedisException e) {
            log.debug("could not read maxmemory-policy from Redis at {}", s.endpoint(), e);
        }
    }

    /**
     * A new connection for pub/sub. On a cluster any node will do (PUBLISH reaches every node), so
     * it tries the nodes the client knows now, then the configured seeds, and keeps the first that answers.
     */
    private static Supplier<Connection> pubSubConnections(RedisSettings s, UnifiedJedis client,
            DefaultJedisClientConfig config) {
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
        String what = s.cluster() ? "the Redis Cluster at " + s.endpoint() : "Redis at " + s.endpoint();
        String reason = String.valueOf(cause.getMessage()).replaceAll("[.\\s]+$", "");
        return "cannot reach " + what + " (" + s.sourceKey() + ", from " + s.configSource() + "): "
                + reason + ". Start Redis there or point " + s.sourceKey() + " at a running "
                + (s.cluster() ? "cluster" : "server");
    }
}
