package dev.errand.bench;

import dev.errand.testservers.RedisServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} alone and a master with one replica ({@link RedisServer#replicaOf}), all from the binary the
 * tests use, {@code appendonly no}: the master alone, then the master with its replica and {@code
 * errand.redis.waitReplicas} 0 and 1.
 */
final class RedisReplicas implements ReplicaStores {
    /** Long enough that a loaded shared machine does not fail a call: the figure is the wait, not a timeout. */
    private static final String WAIT_TIMEOUT = "5s";

    private final RedisServer alone;
    private final RedisServer master;
    private final RedisServer replica;
    private int sessions;

    RedisReplicas() {
        alone = RedisServer.launch();
        RedisServer m = null;
        try {
            m = RedisServer.launch();
            replica = RedisServer.replicaOf(m);
            master = m;
        } catch (RuntimeException e) {
            alone.close();
            if (m != null) {
                m.close();
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String describe() {
        return "Redis " + master.version() + " (the tests' redis-server binary), appendonly no, on 127.0.0.1; "
                + "errand.redis.waitTimeout=" + WAIT_TIMEOUT;
    }

    @Override
    public List<String> setups() {
        return List.of("master alone", "master + replica, waitReplicas=0", "master + replica, waitReplicas=1");
    }

    @Override
    public Store open(int index) {
        RedisServer server = index == 0 ? alone : master;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("errand.backend", "redis");
        p.put("errand.redis.url", server.url());
        p.put("errand.redis.prefix", "replicas" + ++sessions);
        p.put("errand.redis.waitReplicas", index == 2 ? "1" : "0");
        p.put("errand.redis.waitTimeout", WAIT_TIMEOUT);
        List<Integer> ports = index == 0 ? List.of(alone.port()) : List.of(master.port(), replica.port());
        return new Store(p, ports, () -> {
            try (Jedis j = server.connect()) {
                j.flushAll(); // the replica follows
            }
        });
    }

    @Override
    public void close() {
        replica.close();
        master.close();
        alone.close();
    }
}
