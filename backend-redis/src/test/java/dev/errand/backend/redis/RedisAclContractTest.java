package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.Jedis;

/**
 * The whole backend contract as an ACL user made by exactly the {@code ACL SETUSER} line of
 * backend-redis/README.md, for its own prefix, on a server that requires passwords: user and
 * password in the URL ({@code redis://user:password@host}), like an application would.
 */
@Tag("slow")
class RedisAclContractTest extends RedisContract {

    /** What Redis refused the users during the whole contract run: only the documented optional commands. */
    @AfterAll
    static void nothingButOptionalCommandsWasDenied() {
        try (Jedis admin = TestRedis.securedAdmin()) {
            assertThat(DocumentedAcl.denials(admin)).isSubsetOf(DocumentedAcl.OPTIONAL_DENIALS);
        }
    }

    @Override
    Map<String, String> newStore(Map<String, String> config) {
        String prefix = TestRedis.newPrefix("acl");
        String user = DocumentedAcl.newUser();
        String password = "pw-" + user;
        try (Jedis admin = TestRedis.securedAdmin()) {
            DocumentedAcl.create(admin, user, password, prefix);
        }
        config.put(
                RedisSettings.URL,
                "redis://" + user + ":" + password + "@127.0.0.1:"
                        + TestRedis.secured().port());
        config.put(RedisSettings.PREFIX, prefix);
        return config;
    }
}
