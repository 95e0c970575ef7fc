package dev.errand.testservers;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of masters on 127.0.0.1, each a {@link RedisServer}, formed with CLUSTER
 * ADDSLOTS and CLUSTER MEET (no {@code redis-cli} needed): slots 0..16383 split in equal ranges,
 * one per master. {@link #start} returns once every node sees every other and every slot.
 */
public final class RedisCluster implements AutoCloseable {
    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** {@code masters} nodes with {@code --cluster-node-timeout 5000} and these extra arguments. */
    public static RedisCluster start(int masters, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        args.addAll(List.of(extraArgs));
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RedisServer.launch(args.toArray(String[]::new)));
            }
            form(nodes);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
        return new RedisCluster(nodes);
    }

    private static void form(List<RedisServer> nodes) {
        int per = 16384 / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? 16383 : from + per - 1;
            try (Jedis j = nodes.get(i).connect()) {
                j.clusterAddSlots(IntStream.rangeClosed(from, to).toArray());
            }
        }
        try (Jedis first = nodes.get(0).connect()) {
            for (int i = 1; i < nodes.size(); i++) {
                first.clusterMeet("127.0.0.1", nodes.get(i).port());
            }
        }
        for (RedisServer node : nodes) {
            await("the cluster node on port " + node.port() + " sees " + nodes.size()
                            + " nodes and every slot (cluster_state:ok)")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try (Jedis j = node.connect()) {
                            String info = j.clusterInfo();
                            return info.contains("cluster_state:ok")
                                    && info.contains("cluster_known_nodes:" + nodes.size());
                        }
                    });
        }
    }

    /**
     * Starts a replica of {@code master} (one of {@link #nodes()}) with the cluster's arguments, joins it to the
     * cluster and returns once {@code master} reports it online. It is not in {@link #nodes()}; the caller closes it.
     * When the master fails, the cluster promotes it after {@code --cluster-node-timeout}.
     */
    public RedisServer addReplica(RedisServer master, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        args.addAll(List.of(extraArgs));
        RedisServer replica = RedisServer.launch(args.toArray(String[]::new));
        try (Jedis r = replica.connect();
                Jedis m = master.connect()) {
            r.clusterMeet("127.0.0.1", master.port());
            String masterId = m.clusterMyId();
            await("the new node on port " + replica.port() + " knows master " + masterId)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try (Jedis j = replica.connect()) {
                            return j.clusterNodes().contains(masterId);
                        }
                    });
            r.clusterReplicate(masterId);
            await("master on port " + master.port() + " has its replica on port " + replica.port() + " online")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try (Jedis j = master.connect()) {
                            return j.info("replication").contains("port=" + replica.port() + ",state=online");
                        }
                    });
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** {@code 127.0.0.1:port,127.0.0.1:port,...}: every node. */
    public String hostsAndPorts() {
        return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
    }

    /** Kills every node and deletes its directory. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
