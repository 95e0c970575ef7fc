package dev.errand.backend.redis;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * The servers the tests share, started once per test JVM and killed when it exits: one single
 * Redis, and one Redis Cluster of three masters formed with CLUSTER ADDSLOTS and CLUSTER MEET (no
 * redis-cli needed). Every backend gets its own key prefix, so it starts over an empty store.
 */
final class TestRedis {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisProcess single;
    private static RedisProcess secured;
    private static List<RedisProcess> cluster;

    /** The password of the default user on the {@link #secured()} server. */
    static final String ADMIN_PASSWORD = "admin-Pa55";

    private TestRedis() {}

    static synchronized RedisProcess single() {
        if (single == null) {
            single = RedisProcess.launch();
            killOnExit(List.of(single));
        }
        return single;
    }

    /**
     * A single server that requires a password ({@code requirepass}, set after start with CONFIG SET
     * so it is not on the command line) and that keeps new users off every pub/sub channel unless
     * granted ({@code acl-pubsub-default resetchannels}, Redis 7's default).
     */
    static synchronized RedisProcess secured() {
        if (secured == null) {
            secured = RedisProcess.launch("--acl-pubsub-default", "resetchannels");
            killOnExit(List.of(secured));
            try (Jedis j = new Jedis("127.0.0.1", secured.port)) {
                j.configSet("requirepass", ADMIN_PASSWORD);
            }
        }
        return secured;
    }

    /** An administrator's connection to {@link #secured()}. */
    static Jedis securedAdmin() {
        Jedis j = new Jedis("127.0.0.1", secured().port);
        j.auth(ADMIN_PASSWORD);
        return j;
    }

    static synchronized List<RedisProcess> cluster() {
        if (cluster == null) {
            List<RedisProcess> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(RedisProcess.launch("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "5000"));
                }
                formCluster(nodes);
            } catch (RuntimeException | AssertionError e) {
                nodes.forEach(RedisProcess::close);
                throw e;
            }
            cluster = List.copyOf(nodes);
            killOnExit(cluster);
        }
        return cluster;
    }

    static String clusterNodes() {
        return String.join(",", cluster().stream().map(n -> "127.0.0.1:" + n.port).toList());
    }

    /** Slots 0..16383 split in three ranges, one per master; then every node meets the first. */
    private static void formCluster(List<RedisProcess> nodes) {
        int per = 16384 / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? 16383 : from + per - 1;
            try (Jedis j = new Jedis("127.0.0.1", nodes.get(i).port)) {
                j.clusterAddSlots(IntStream.rangeClosed(from, to).toArray());
            }
        }
        try (Jedis first = new Jedis("127.0.0.1", nodes.get(0).port)) {
            for (int i = 1; i < nodes.size(); i++) {
                first.clusterMeet("127.0.0.1", nodes.get(i).port);
            }
        }
        for (RedisProcess node : nodes) {
            Poll.until("the cluster node on port " + node.port + " sees 3 nodes and every slot (cluster_state:ok)",
                    Duration.ofSeconds(30), () -> {
                        try (Jedis j = new Jedis("127.0.0.1", node.port)) {
                            String info = j.clusterInfo();
                            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
                        }
                    });
        }
    }

    private static void killOnExit(List<RedisProcess> processes) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(RedisProcess::close)));
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
