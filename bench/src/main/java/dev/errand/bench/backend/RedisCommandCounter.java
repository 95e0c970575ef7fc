package dev.errand.bench.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * Counts the commands clients sent to a Redis server, from {@code INFO commandstats} deltas.
 * The backend sends no pipelines, so each command is one round trip. Redis also counts the
 * commands a Lua script calls ({@code HSET}, {@code ZADD} inside {@code EVALSHA}); those are not
 * round trips and are left out: the names the backend's scripts call are read from its scripts
 * on the class path. {@code INFO} itself (this counter) is left out too.
 */
final class RedisCommandCounter {
    private static final Pattern CALL = Pattern.compile("redis\\.p?call\\(\\s*'([A-Za-z]+)'");
    private static final String SCRIPTS = "dev/errand/backend/redis/lua";

    private final String host;
    private final int port;
    private final Set<String> scriptOnly;

    RedisCommandCounter(String host, int port) {
        this.host = host;
        this.port = port;
        this.scriptOnly = commandsCalledByScripts();
    }

    /** Calls per client command since the server started. */
    Map<String, Long> snapshot() {
        Map<String, Long> calls = new TreeMap<>();
        try (Jedis j = new Jedis(host, port)) {
            commandStats(j.info("commandstats")).forEach((key, value) -> {
                String name = key.substring(0, key.indexOf(' '));
                if (key.endsWith(" calls") && !name.equals("info") && !scriptOnly.contains(name)) {
                    calls.put(name, value);
                }
            });
        }
        return calls;
    }

    /**
     * Every command's {@code <name> calls} and {@code <name> usec} from an {@code INFO commandstats} answer, the
     * commands scripts call included.
     */
    static Map<String, Long> commandStats(String info) {
        Map<String, Long> stats = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            // cmdstat_evalsha:calls=12,usec=34,usec_per_call=2.83,...
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring("cmdstat_".length(), colon).toLowerCase(Locale.ROOT);
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=") || field.startsWith("usec=")) {
                    stats.put(
                            name + " " + field.substring(0, field.indexOf('=')),
                            Long.parseLong(field.substring(field.indexOf('=') + 1)));
                }
            }
        }
        return stats;
    }

    Set<String> scriptOnlyCommands() {
        return scriptOnly;
    }

    /** Lower-case names of the commands the backend's Lua scripts call. */
    private static Set<String> commandsCalledByScripts() {
        Set<String> names = new TreeSet<>();
        ClassLoader loader = RedisCommandCounter.class.getClassLoader();
        java.net.URL url = loader.getResource(SCRIPTS);
        if (url == null) {
            throw new IllegalStateException("the Redis backend's scripts (" + SCRIPTS + ") are not on the class path");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    scan(fs.getPath(SCRIPTS), names);
                }
            } else {
                scan(Path.of(url.toURI()), names);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the Redis backend's scripts at " + url, e);
        }
        return names;
    }

    private static void scan(Path dir, Set<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".lua")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Matcher m = CALL.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.add(m.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
    }
}
