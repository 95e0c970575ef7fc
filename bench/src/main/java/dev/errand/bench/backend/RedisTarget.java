package dev.errand.bench.backend;

import dev.errand.Errand;
import dev.errand.testservers.RedisServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/**
 * The Redis backend on one {@code redis-server}. Each session gets a new key prefix; the server
 * is flushed when the session closes, so a deep queue does not stay in its memory.
 */
final class RedisTarget implements Target {
    /** Pooled connections per client: enough for 32 job threads plus the fetcher and supervisor. */
    static final String POOL_SIZE = "40";

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final Map<String, String> options;
    private RedisServer server;
    private RedisCommandCounter counter;

    RedisTarget(Map<String, String> options) {
        this.options = options;
    }

    @Override
    public String configPrefix() {
        return "redis";
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String describe() {
        return server == null
                ? "redis: not started"
                : "redis: Redis " + server.version() + " (embedded-redis binary), appendonly " + appendonly();
    }

    @Override
    public Session open(Map<String, String> properties) {
        server();
        String prefix = "bench" + PREFIXES.incrementAndGet();
        Errand client = build(prefix, properties);
        Errand workers;
        try {
            workers = build(prefix, properties);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new Session() {
            @Override
            public Errand client() {
                return client;
            }

            @Override
            public Errand workers() {
                return workers;
            }

            @Override
            public Map<String, String> properties() {
                return settings(prefix, properties);
            }

            @Override
            public long serverConnections() {
                try (Jedis j = server.connect()) {
                    return j.clientList().lines().count() - 1; // not this one
                }
            }

            @Override
            public Map<String, Long> serverCounters() {
                try (Jedis j = server.connect()) {
                    return RedisCommandCounter.commandStats(j.info("commandstats"));
                }
            }

            @Override
            public long storeSize() {
                // The keys the server holds: one session's store, as each session has its own prefix and ends with a
                // flush.
                try (Jedis j = server.connect()) {
                    return j.dbSize();
                }
            }

            @Override
            public void close() {
                try {
                    workers.close();
                } finally {
                    client.close();
                    try (Jedis j = server.connect()) {
                        j.flushAll();
                    }
                }
            }
        };
    }

    private Errand build(String prefix, Map<String, String> properties) {
        Errand.ErrandBuilder b = Errand.builder();
        settings(prefix, properties).forEach(b::property);
        return b.build();
    }

    private Map<String, String> settings(String prefix, Map<String, String> properties) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("errand.backend", "redis");
        p.put("errand.redis.url", server.url());
        p.put("errand.redis.prefix", prefix);
        p.put("errand.redis.pool.maxTotal", POOL_SIZE);
        p.put("errand.redis.pool.maxIdle", POOL_SIZE);
        p.putAll(properties);
        return p;
    }

    private synchronized void server() {
        if (server == null) {
            server = RedisServer.launch("--appendonly", appendonly());
            counter = new RedisCommandCounter("127.0.0.1", server.port());
        }
    }

    private String appendonly() {
        return options.getOrDefault("redis.appendonly", "no");
    }

    @Override
    public int serverPort() {
        return server == null ? -1 : server.port();
    }

    @Override
    public Map<String, Long> roundTrips() {
        return counter == null ? Map.of() : counter.snapshot();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
