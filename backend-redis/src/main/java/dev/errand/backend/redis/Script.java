package dev.errand.backend.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make every state change, kept as resources under
 * {@code dev/errand/backend/redis/lua}. Each is the helpers of {@code common.lua} it uses ({@link LuaPrelude})
 * followed by the script's own file; the SHA-1 of that text is what {@code EVALSHA} calls. {@link ScriptCalls} has
 * one method per script that passes its arguments and reads its reply.
 */
enum Script {
    ENQUEUE("enqueue", false, true),
    CLAIM("claim", false, false),
    PEEK("peek", true, false),
    PROBE("probe", true, false),
    COMPLETE("complete", false, true),
    COMPLETE_ALL("complete_all", false, true),
    FAIL("fail", false, true),
    RENEW("renew", true, false),
    RELEASE("release", false, false),
    RECOVER("recover", true, false),
    CANCEL("cancel", false, true),
    WATCH("watch", true, false),
    STATS("stats", true, false),
    FINISHED("finished", true, false),
    LIST("list", true, false),
    RETRY("retry", false, true),
    RETRY_DEAD("retry_dead", false, true),
    DELETE("delete", false, true),
    PURGE("purge", false, true),
    PRUNE("prune", true, false),
    MAINTENANCE_LEAD("maintenance_lead", true, false),
    MAINTENANCE_RESIGN("maintenance_resign", true, false),
    SCHEDULE_SAVE("schedule_save", true, true),
    SCHEDULE_FIRE("schedule_fire", false, true),
    SCHEDULE_READ("schedule_read", true, false),
    SCHEDULE_CHANGE("schedule_change", false, true);

    private static final String DIR = "lua/";

    /** Built once for all scripts (an enum's static fields are set after its constants, hence the holder). */
    private static final class Common {
        static final LuaPrelude PRELUDE = new LuaPrelude(resource("common.lua"));
    }

    final String file;
    final byte[] body;
    final byte[] sha;
    /**
     * True when running the script twice does what running it once does, so a call that failed on
     * a broken connection (a stale pooled connection after a Redis restart) may simply be sent again.
     */
    final boolean idempotent;

    /**
     * True when the caller is told the change is done (a job enqueued, completed, failed, cancelled, retried,
     * deleted; a schedule fired or changed): with {@code errand.redis.waitReplicas} it returns only once that many
     * replicas have it. Claims, renewals and reads are not waited for: losing one in a failover makes a job run again
     * or a lease renew again, which at-least-once allows.
     */
    final boolean acknowledged;

    Script(String file, boolean idempotent, boolean acknowledged) {
        this.file = file + ".lua";
        this.idempotent = idempotent;
        this.acknowledged = acknowledged;
        String own = resource(this.file);
        this.body = (Common.PRELUDE.forScript(own) + "\n" + own).getBytes(StandardCharsets.UTF_8);
        this.sha = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
    }

    static String resource(String name) {
        try (InputStream in = Script.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Lua script " + DIR + name + " is missing from the errand-backend-redis jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + DIR + name, e);
        }
    }

    private static String sha1Hex(byte[] text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which EVALSHA needs", e);
        }
    }
}
