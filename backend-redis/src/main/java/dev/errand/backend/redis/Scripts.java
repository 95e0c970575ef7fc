package dev.errand.backend.redis;

import dev.errand.config.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs the {@link Script scripts} by SHA. A server that does not know a script yet (first use on a
 * cluster node, after a restart, after {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the script
 * is then loaded on the node that owns the keys and called again. An {@link Script#idempotent
 * idempotent} script that fails on a broken connection is sent once more on a fresh one; the
 * others are not, since their first call may have run: the caller (the worker) sees the error.
 * A call that cannot reach Redis fails with a {@link RedisBackendException} that names the
 * script, the queue and the endpoint.
 */
final class Scripts {
    private final UnifiedJedis client;
    private final RedisSettings settings;

    Scripts(UnifiedJedis client, RedisSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Loads every script on the node that holds {@code sampleKey} (on a single server: the server). */
    void loadAll(byte[] sampleKey) {
        for (Script script : Script.values()) {
            client.scriptLoad(script.body, sampleKey);
        }
    }

    Object run(Script script, List<byte[]> keys, List<byte[]> args) {
        try {
            try {
                return runOnce(script, keys, args);
            } catch (JedisConnectionException e) {
                if (!script.idempotent) {
                    throw e;
                }
                return runOnce(script, keys, args);
            }
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            throw unreachable(script, args, e);
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("LOADING")) {
                throw loading(script, args, e);
            }
            throw e;
        }
    }

    /**
     * Redis answers {@code -LOADING} while it reads its AOF or RDB file after a (re)start: the
     * command was refused, not run.
     */
    private RedisBackendException loading(Script script, List<byte[]> args, JedisDataException e) {
        return new RedisBackendException(couldNotRun(script, args) + ": Redis at " + settings.endpoint() + " (" + settings.sourceKey() + ", from "
                + settings.configSource() + ") is still loading its data after a restart; nothing was applied, "
                + "try again in a moment (" + e.getMessage() + ")", e);
    }

    /** "Redis backend could not run enqueue on queue 'mail'": ARGV[2] is the queue (see {@code RedisBackend.header}). */
    private static String couldNotRun(Script script, List<byte[]> args) {
        String queue = script.perQueue && args.size() > 1 ? " on queue '" + new String(args.get(1), StandardCharsets.UTF_8) + "'" : "";
        return "Redis backend could not run " + script.name().toLowerCase(java.util.Locale.ROOT) + queue;
    }

    private RedisBackendException unreachable(Script script, List<byte[]> args, JedisException e) {
        String at = settings.cluster() ? "the Redis Cluster at " : "Redis at ";
        String reason = Secrets.scrub(String.valueOf(e.getMessage()), settings.password());
        return new RedisBackendException(couldNotRun(script, args) + ": cannot reach " + at + settings.endpoint() + " (" + settings.sourceKey() + ", from "
                + settings.configSource() + "): " + reason + " (" + e.getClass().getSimpleName() + ")"
                + (script.idempotent ? "" : "; it may or may not have been applied before the connection failed"), e);
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
