package dev.errand.backend.redis;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs the {@link Script scripts} by SHA. A server that does not know a script yet (first use on a
 * cluster node, after a restart, after {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the script
 * is then loaded on the node that owns the keys and called again. An {@link Script#idempotent
 * idempotent} script that fails on a broken connection is sent once more on a fresh one; the
 * others are not, since their first call may have run: the caller (the worker) sees the error.
 */
final class Scripts {
    private final UnifiedJedis client;

    Scripts(UnifiedJedis client) {
        this.client = client;
    }

    /** Loads every script on the node that holds {@code sampleKey} (on a single server: the server). */
    void loadAll(byte[] sampleKey) {
        for (Script script : Script.values()) {
            client.scriptLoad(script.body, sampleKey);
        }
    }

    Object run(Script script, List<byte[]> keys, List<byte[]> args) {
        try {
            return runOnce(script, keys, args);
        } catch (JedisConnectionException e) {
            if (!script.idempotent) {
                throw e;
            }
            return runOnce(script, keys, args);
        }
    }

    private Object runOnce(Script script, List<byte[]> keys, List<byte[]> args) {
        try {
            return client.evalsha(script.sha, keys, args);
        } catch (JedisNoScriptException e) {
            client.scriptLoad(script.body, keys.get(0));
            return client.evalsha(script.sha, keys, args);
        }
    }
}
