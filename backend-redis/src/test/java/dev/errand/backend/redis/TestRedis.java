package dev.errand.backend.redis;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testservers.RedisCluster;
import dev.errand.testservers.RedisServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/**
 * The servers the tests share (errand-test-servers' {@link RedisServer} and {@link RedisCluster}),
 * started once per test JVM and killed when it exits: one single Redis, one that requires a
 * password, and one Redis Cluster of three masters. Every backend gets its own key prefix, so it
 * starts over an empty store.
 */
final class TestRedis {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer single;
    private static RedisServer secured;
    private static RedisCluster cluster;

    /** The password of the default user on the {@link #secured()} server. */
    static final String ADMIN_PASSWORD = "admin-Pa55";

    private TestRedis() {}

    static synchronized RedisServer single() {
        if (single == null) {
            single = RedisServer.launch();
            closeOnExit(single::close);
        }
        return single;
    }

    /**
     * A single server that requires a password ({@code requirepass}, set after start with CONFIG SET
     * so it is not on the command line) and that keeps new users off every pub/sub channel unless
     * granted ({@code acl-pubsub-default resetchannels}, Redis 7's default).
     */
    static synchronized RedisServer secured() {
        if (secured == null) {
            secured = RedisServer.launch("--acl-pubsub-default", "resetchannels");
            closeOnExit(secured::close);
            try (Jedis j = secured.connect()) {
                j.configSet("requirepass", ADMIN_PASSWORD);
            }
        }
        return secured;
    }

    /** An administrator's connection to {@link #secured()}. */
    static Jedis securedAdmin() {
        Jedis j = secured().connect();
        j.auth(ADMIN_PASSWORD);
        return j;
    }

    /** The nodes of the shared Redis Cluster of three masters. */
    static synchronized List<RedisServer> cluster() {
        if (cluster == null) {
            cluster = RedisCluster.start(3);
            closeOnExit(cluster::close);
        }
        return cluster.nodes();
    }

    static String clusterNodes() {
        cluster();
        return cluster.hostsAndPorts();
    }

    private static void closeOnExit(Runnable close) {
        Runtime.getRuntime().addShutdownHook(new Thread(close));
    }

    /**
     * The fault scenarios' view of {@code redis}: {@link ServerOutageScenario} drives it, this test
     * closes it.
     */
    static ServerOutageScenario.Server outage(RedisServer redis) {
        return new ServerOutageScenario.Server() {
            @Override
            public void stop() throws Exception {
                redis.stop();
            }

            @Override
            public void kill() {
                redis.kill();
            }

            @Override
            public void start() {
                redis.start();
            }
        };
    }

    /**
     * A failover as {@link ServerOutageScenario} drives it: {@code kill} kills {@code master} with SIGKILL, {@code
     * start} runs {@code promote} (which returns once a replica has taken over and the old master is back).
     */
    static ServerOutageScenario.Server failover(RedisServer master, Runnable promote) {
        return new ServerOutageScenario.Server() {
            @Override
            public void stop() {
                throw new UnsupportedOperationException("a failover kills the master");
            }

            @Override
            public void kill() {
                master.kill();
            }

            @Override
            public void start() {
                promote.run();
            }
        };
    }

    /** A fresh prefix: the backend sees an empty store. */
    static String newPrefix(String kind) {
        return "t" + kind + PREFIXES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    static Map<String, String> singleConfig(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put(RedisSettings.URL, single().url());
        m.put(RedisSettings.PREFIX, prefix);
        return m;
    }

    static Map<String, String> clusterConfig(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put(RedisSettings.CLUSTER, clusterNodes());
        m.put(RedisSettings.PREFIX, prefix);
        return m;
    }

    static RedisBackend backend(Map<String, String> config, Clock clock) {
        return new RedisBackend(new BackendContext(ErrandConfig.of(config, "test"), clock));
    }

    /** The context's clock and settings, with this server and a fresh prefix added. */
    static RedisBackend singleBackend(BackendContext context) {
        Map<String, String> config = context.config().asMap();
        config.putAll(singleConfig(newPrefix("s")));
        return new RedisBackend(new BackendContext(ErrandConfig.of(config, "test"), context.clock()));
    }

    static RedisBackend clusterBackend(BackendContext context) {
        Map<String, String> config = context.config().asMap();
        config.putAll(clusterConfig(newPrefix("c")));
        return new RedisBackend(new BackendContext(ErrandConfig.of(config, "test"), context.clock()));
    }
}
