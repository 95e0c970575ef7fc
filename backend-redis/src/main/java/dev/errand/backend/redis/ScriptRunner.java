package dev.errand.backend.redis;

import dev.errand.config.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs a {@link Script} by SHA; {@link ScriptCalls} says what to pass and reads the reply. A server
 * that does not know a script yet (first use on a cluster node, after a restart, after
 * {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the script is then loaded on the node that owns
 * the keys and called again (or, while the slot migrates, sent whole). An {@link Script#idempotent idempotent}
 * script that fails on a broken connection is sent once more on a fresh one; the others are not, since their first
 * call may have run: the caller (the worker) sees the error. {@code TRYAGAIN} (a slot being migrated, its keys split
 * between two nodes: nothing ran) is retried with a growing pause for up to {@code errand.redis.timeout}. A call that
 * cannot reach Redis fails with a {@link RedisBackendException} that names the script, the queue and the endpoint.
 */
final class ScriptRunner {
    private static final CommandObjects COMMANDS = new CommandObjects();
    /** The command's name as Jedis sends it. */
    private static final byte[] EVALSHA = "EVALSHA".getBytes(StandardCharsets.US_ASCII);

    private final UnifiedJedis client;
    private final RedisSettings settings;
    private final Function<byte[], Connection> holding;

    /**
     * @param holding a connection to the master of a key, held for several commands: {@code WAIT} counts the writes
     *                of the connection it is sent on
     */
    ScriptRunner(UnifiedJedis client, RedisSettings settings, Function<byte[], Connection> holding) {
        this.client = client;
        this.settings = settings;
        this.holding = holding;
    }

    /** Loads every script on the node that holds {@code sampleKey} (on a single server: the server). */
    void loadAll(byte[] sampleKey) {
        for (Script script : Script.values()) {
            client.scriptLoad(script.body, sampleKey);
        }
    }

    /**
     * Runs the script once (twice for an idempotent one on a broken connection) and returns its reply.
     *
     * @param queue the queue the script works on, for error messages; null for a script of no queue
     */
    Object run(Script script, String queue, List<byte[]> keys, List<byte[]> args) {
        try {
            return runReconnecting(script, queue, keys, args);
        } catch (JedisDataException e) {
            if (!slotMigrating(e)) {
                throw e;
            }
            return runOnceMigrated(script, queue, keys, args);
        }
    }

    /**
     * Whether the reply is the {@code EVALSHA} that was sent: a connection opened to a port nobody listens on can be
     * connected to itself (TCP's simultaneous open, when the port is in this host's range for outgoing connections, as
     * while Redis restarts there) and reads back what it writes. No script of Errand's answers with its own SHA.
     */
    private static boolean isTheCallItself(Object reply, Script script) {
        return reply instanceof List<?> items
                && items.size() >= 2
                && items.get(1) instanceof byte[] sha
                && Arrays.equals(sha, script.sha)
                && items.get(0) instanceof byte[] command
                && Arrays.equals(command, EVALSHA);
    }

    private RedisBackendException talkingToItself(Script script, String queue) {
        return new RedisBackendException(
                couldNotRun(script, queue) + ": the connection to " + settings.endpoint() + " (" + settings.sourceKey()
                        + ", from " + settings.configSource() + ") answered with the command it was sent: it reached "
                        + "this process, not Redis, which happens when nothing listens on that port and the port is in "
                        + "this host's range for outgoing connections (net.ipv4.ip_local_port_range). Nothing ran. Run "
                        + "Redis on a port below that range (6379 is), or make sure it listens there",
                null);
    }

    /**
     * The queue's slot is being migrated and its keys are split between two nodes: Redis ran nothing, so any script
     * may be sent again, once the keys have moved. Tries with a growing pause for up to {@code errand.redis.timeout}.
     */
    private Object runOnceMigrated(Script script, String queue, List<byte[]> keys, List<byte[]> args) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (long pauseMillis = 5; ; pauseMillis = Math.min(pauseMillis * 2, 200)) {
            LockSupport.parkNanos(pauseMillis * 1_000_000);
            try {
                return runReconnecting(script, queue, keys, args);
            } catch (JedisDataException e) {
                if (!slotMigrating(e)) {
                    throw e;
                }
                if (System.nanoTime() + pauseMillis * 2_000_000 > deadline) {
                    throw migrating(script, queue, e);
                }
            }
        }
    }

    private Object runReconnecting(Script script, String queue, List<byte[]> keys, List<byte[]> args) {
        try {
            try {
                return runOnce(script, queue, keys, args);
            } catch (JedisConnectionException e) {
                if (!script.idempotent || e instanceof RedisBackendException) {
                    throw e;
                }
                return runOnce(script, queue, keys, args);
            }
        } catch (RedisBackendException e) {
            throw e; // says already what happened (a replica wait's shortfall, a reply from this process itself)
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            throw unreachable(script, queue, e);
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("LOADING")) {
                throw loading(script, queue, e);
            }
            throw e;
        }
    }

    /** Redis's answer when a script's keys are split between two nodes by a slot migration: nothing ran. */
    private static boolean slotMigrating(JedisDataException e) {
        return String.valueOf(e.getMessage()).startsWith("TRYAGAIN");
    }

    private RedisBackendException migrating(Script script, String queue, JedisDataException e) {
        return new RedisBackendException(
                couldNotRun(script, queue) + ": its slot on " + RedisConnector.where(settings) + " was being migrated "
                        + "to another node for longer than "
                        + settings.timeout().toMillis() + " ms ("
                        + RedisSettings.TIMEOUT + "); nothing was applied, try again once the resharding is done ("
                        + e.getMessage() + ")",
                e);
    }

    /**
     * Redis answers {@code -LOADING} while it reads its AOF or RDB file after a (re)start: the
     * command was refused, not run.
     */
    private RedisBackendException loading(Script script, String queue, JedisDataException e) {
        return new RedisBackendException(
                couldNotRun(script, queue) + ": Redis at " + settings.endpoint() + " (" + settings.sourceKey()
                        + ", from "
                        + settings.configSource() + ") is still loading its data after a restart; nothing was applied, "
                        + "try again in a moment (" + e.getMessage() + ")",
                e);
    }

    /** "Redis backend could not run enqueue on queue 'mail'". */
    private static String couldNotRun(Script script, String queue) {
        return "Redis backend could not run " + script.name().toLowerCase(Locale.ROOT)
                + (queue == null ? "" : " on queue '" + queue + "'");
    }

    private RedisBackendException unreachable(Script script, String queue, JedisException e) {
        String at = settings.cluster() ? "the Redis Cluster at " : "Redis at ";
        String reason = Secrets.scrub(String.valueOf(e.getMessage()), settings.password());
        return new RedisBackendException(
                couldNotRun(script, queue) + ": cannot reach " + at + settings.endpoint() + " (" + settings.sourceKey()
                        + ", from "
                        + settings.configSource() + "): " + reason + " ("
                        + e.getClass().getSimpleName() + ")"
                        + (script.idempotent
                                ? ""
                                : "; it may or may not have been applied before the connection failed"),
                e);
    }

    private Object runOnce(Script script, String queue, List<byte[]> keys, List<byte[]> args) {
        if (script.acknowledged && settings.replicaWait().enabled()) {
            return runConfirmed(script, queue, keys, args);
        }
        Object reply;
        try {
            reply = client.evalsha(script.sha, keys, args);
        } catch (JedisNoScriptException e) {
            client.scriptLoad(script.body, keys.get(0));
            try {
                reply = client.evalsha(script.sha, keys, args);
            } catch (JedisNoScriptException again) {
                // While its slot is migrated, a queue's keys are asked for on the importing node, which the load
                // above (sent to the slot's owner) did not reach: send the script itself this once.
                reply = client.eval(script.body, keys, args);
            }
        }
        if (isTheCallItself(reply, script)) {
            throw talkingToItself(script, queue);
        }
        return reply;
    }

    /**
     * Runs the script and then {@code WAIT}s, on one connection, until {@code errand.redis.waitReplicas} replicas have
     * its writes. Fewer in time fail the call: the change is on the master, but a failover now could lose it.
     */
    private Object runConfirmed(Script script, String queue, List<byte[]> keys, List<byte[]> args) {
        RedisSettings.ReplicaWait wait = settings.replicaWait();
        try (Connection connection = holding.apply(keys.get(0))) {
            Object reply;
            try {
                reply = connection.executeCommand(COMMANDS.evalsha(script.sha, keys, args));
            } catch (JedisNoScriptException e) {
                connection.executeCommand(COMMANDS.scriptLoad(script.body, keys.get(0)));
                reply = connection.executeCommand(COMMANDS.evalsha(script.sha, keys, args));
            }
            if (isTheCallItself(reply, script)) {
                connection.setBroken(); // so the pool drops it instead of lending it out again
                throw talkingToItself(script, queue);
            }
            long confirmed = connection.executeCommand(
                    COMMANDS.waitReplicas(wait.replicas(), wait.timeout().toMillis()));
            if (confirmed < wait.replicas()) {
                throw new RedisBackendException(
                        "Redis backend ran " + script.name().toLowerCase(Locale.ROOT) + " on "
                                + RedisConnector.where(settings) + ", but only " + confirmed + " of "
                                + wait.replicas() + " replicas (" + RedisSettings.WAIT_REPLICAS
                                + ") confirmed it within "
                                + wait.timeout().toMillis() + " ms (" + RedisSettings.WAIT_TIMEOUT + "): the change is "
                                + "on the master and would be lost if it failed over now. Check the replicas "
                                + "(INFO replication on the master), or lower " + RedisSettings.WAIT_REPLICAS,
                        null);
            }
            return reply;
        }
    }
}
