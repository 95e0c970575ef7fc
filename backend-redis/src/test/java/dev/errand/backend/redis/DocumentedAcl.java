package dev.errand.backend.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/**
 * The least-privilege ACL exactly as {@code backend-redis/README.md} documents it (the line after
 * {@code <!-- acl:redis -->}), with the README's user ({@code errand_app}), password
 * ({@code change-me}) and prefix ({@code errand}) replaced by a test's own: the tests run as the
 * user the README tells people to create, so a README that drifts from what the backend needs
 * fails the build.
 */
final class DocumentedAcl {
    private static final AtomicInteger USERS = new AtomicInteger();

    private DocumentedAcl() {}

    static String newUser() {
        return "errand_app_" + USERS.incrementAndGet();
    }

    /** The ACL SETUSER arguments (after the command) for this user, password and key prefix, plus {@code extra} rules. */
    static List<String> rules(String user, String password, String prefix, String... extra) {
        List<String> words = new ArrayList<>(Arrays.asList(line().strip().split("\\s+")));
        if (!words.get(0).equals("ACL") || !words.get(1).equals("SETUSER")) {
            throw new IllegalStateException(
                    "README.md: the line after <!-- acl:redis --> is not an ACL SETUSER: " + words);
        }
        List<String> rules = new ArrayList<>();
        for (String w : words.subList(2, words.size())) {
            rules.add(
                    w.equals("errand_app")
                            ? user
                            : w.equals(">change-me")
                                    ? ">" + password
                                    : w.replace("{errand:", "{" + prefix + ":")
                                            .replace("{errand}", "{" + prefix + "}")
                                            .replace("&errand:", "&" + prefix + ":"));
        }
        rules.addAll(List.of(extra));
        return rules;
    }

    /** Creates (or replaces) the user on the server {@code admin} is connected to. */
    static void create(Jedis admin, String user, String password, String prefix, String... extra) {
        List<String> rules = rules(user, password, prefix, extra);
        admin.aclSetUser(rules.get(0), rules.subList(1, rules.size()).toArray(new String[0]));
    }

    /** README: without these the backend skips the eviction-policy check and leaves connections unnamed. */
    static final List<String> OPTIONAL_DENIALS = List.of(
            "command config",
            "command config|get",
            "command client",
            "command client|setname",
            "command client|setinfo");

    /** What the server refused the users made here (reason and command, key or channel), from its ACL LOG. */
    static List<String> denials(Jedis admin) {
        return admin.aclLog().stream()
                .filter(e -> e.getUsername().startsWith("errand_app_"))
                .map(e -> e.getReason() + " " + e.getObject())
                .distinct()
                .sorted()
                .toList();
    }

    private static String line() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException("the tests read backend-redis/README.md from the module directory", e);
        }
        int i = lines.indexOf("<!-- acl:redis -->");
        while (i >= 0 && ++i < lines.size()) {
            String line = lines.get(i).strip();
            if (line.startsWith("ACL SETUSER")) {
                return line;
            }
        }
        throw new IllegalStateException("README.md has no ACL SETUSER line after <!-- acl:redis -->");
    }
}
