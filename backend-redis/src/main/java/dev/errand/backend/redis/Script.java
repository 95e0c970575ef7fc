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
 * {@code dev/errand/backend/redis/lua}. Each is {@code common.lua} followed by the script's own
 * file; the SHA-1 of that text is what {@code EVALSHA} calls. {@link ScriptCalls} has one method per
 * script that passes its arguments and reads its reply.
 */
enum Script {
    ENQUEUE("enqueue", false),
    CLAIM("claim", false),
    PEEK("peek", true),
    PROBE("probe", true),
    COMPLETE("complete", false),
    COMPLETE_ALL("complete_all", false),
    FAIL("fail", false),
    RENEW("renew", true),
    RELEASE("release", false),
    RECOVER("recover", true),
    CANCEL("cancel", false),
    WATCH("watch", true),
    STATS("stats", true),
    FINISHED("finished", true),
    LIST("list", true),
    RETRY("retry", false),
    RETRY_DEAD("retry_dead", false),
    DELETE("delete", false),
    PURGE("purge", false),
    PRUNE("prune", true),
    MAINTENANCE_LEAD("maintenance_lead", true),
    MAINTENANCE_RESIGN("maintenance_resign", true),
    SCHEDULE_SAVE("schedule_save", true),
    SCHEDULE_FIRE("schedule_fire", false),
    SCHEDULE_READ("schedule_read", true),
    SCHEDULE_CHANGE("schedule_change", false);

    private static final String DIR = "lua/";

    final String file;
    final byte[] body;
    final byte[] sha;
    /**
     * True when running the script twice does what running it once does, so a call that failed on
     * a broken connection (a stale pooled connection after a Redis restart) may simply be sent again.
     */
    final boolean idempotent;

    Script(String file, boolean idempotent) {
        this.file = file + ".lua";
        this.idempotent = idempotent;
        this.body = (resource("common.lua") + "\n" + resource(this.file)).getBytes(StandardCharsets.UTF_8);
        this.sha = sha1Hex(body).getBytes(StandardCharsets.US_ASCII);
    }

    private static String resource(String name) {
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
