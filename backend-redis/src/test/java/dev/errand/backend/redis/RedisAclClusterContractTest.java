package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.Jedis;

/**
 * The contract on the three-master cluster as a user made on every node by the README's
 * {@code ACL SETUSER} line plus the one rule it says a cluster needs, {@code +cluster|slots}.
 */
@Tag("slow")
class RedisAclClusterContractTest extends RedisContract {

    /** What the nodes refused the users during the whole run: only the documented optional commands. */
    @AfterAll
    static void nothingButOptionalCommandsWasDenied() {
        for (RedisServer node : TestRedis.cluster()) {
            try (Jedis admin = node.connect()) {
                assertThat(DocumentedAcl.denials(admin))
                        .as("node %s", node.port())
                        .isSubsetOf(DocumentedAcl.OPTIONAL_DENIALS);
            }
        }
    }

    @Override
    Map<String, String> newStore(Map<String, String> config) {
        String prefix = TestRedis.newPrefix("aclc");
        String user = DocumentedAcl.newUser();
        String password = "pw-" + user;
        for (RedisServer node : TestRedis.cluster()) {
            try (Jedis admin = node.connect()) {
                DocumentedAcl.create(admin, user, password, prefix, "+cluster|slots");
            }
        }
        config.put(RedisSettings.CLUSTER, TestRedis.clusterNodes());
        config.put(RedisSettings.USER, user);
        config.put(RedisSettings.PASSWORD, password);
        config.put(RedisSettings.PREFIX, prefix);
        return config;
    }
}
