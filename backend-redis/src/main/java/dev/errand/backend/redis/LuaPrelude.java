package dev.errand.backend.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The helpers of {@code common.lua} that one script needs. Redis runs a script's whole text on every call, so each
 * helper defined there costs every call (on a single-job enqueue, the whole file took about a tenth of the script's
 * time); a script therefore carries only the definitions it names, with those they name in turn, in the file's order.
 *
 * <p>A definition is a top-level {@code local function name(...)} or {@code local NAME = ...} starting in the first
 * column, with the comment lines right above it; it runs until the next one's comment. The file's opening comment
 * goes with no definition.
 */
final class LuaPrelude {
    private static final Pattern DEFINITION = Pattern.compile("^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)");

    /** {@code mention} finds the name as a whole identifier. */
    private record Definition(String name, String text, Pattern mention) {}

    private final List<Definition> definitions;

    LuaPrelude(String common) {
        this.definitions = parse(common);
    }

    /** The definitions {@code script} uses, directly or through other definitions, in the order of the file. */
    String forScript(String script) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(script));
        while (!pending.isEmpty()) {
            String text = pending.remove(pending.size() - 1);
            for (Definition d : definitions) {
                if (!needed.contains(d.name) && d.mention.matcher(text).find()) {
                    needed.add(d.name);
                    pending.add(d.text);
                }
            }
        }
        StringBuilder prelude = new StringBuilder();
        for (Definition d : definitions) {
            if (needed.contains(d.name)) {
                prelude.append(d.text);
            }
        }
        return prelude.toString();
    }

    /** The names the file defines, in its order. */
    List<String> names() {
        return definitions.stream().map(Definition::name).toList();
    }

    /** True when {@code text} mentions {@code name} as a whole identifier (a mention in a comment counts too). */
    static boolean names(String text, String name) {
        return mention(name).matcher(text).find();
    }

    private static Pattern mention(String name) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
    }

    private static List<Definition> parse(String common) {
        List<Definition> found = new ArrayList<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : common.split("\n", -1)) {
            Matcher m = DEFINITION.matcher(line);
            if (m.find()) {
                // the comment just above a definition is its own, not the end of the one before
                List<String> comment = trailingComment(lines);
                if (name != null) {
                    found.add(new Definition(name, text(lines), mention(name)));
                }
                name = m.group(1);
                lines = new ArrayList<>(comment);
            }
            lines.add(line);
        }
        if (name != null) {
            found.add(new Definition(name, text(lines), mention(name)));
        }
        return found;
    }

    /** Removes the comment lines at the end of {@code lines} (up to a blank line) and returns them. */
    private static List<String> trailingComment(List<String> lines) {
        int start = lines.size();
        while (start > 0 && lines.get(start - 1).startsWith("--")) {
            start--;
        }
        List<String> comment = new ArrayList<>(lines.subList(start, lines.size()));
        lines.subList(start, lines.size()).clear();
        return comment;
    }

    private static String text(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
