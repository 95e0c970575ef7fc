package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each script carries the helpers of common.lua it uses. A helper missing from a script is an error only when Redis
 * runs that line, so this checks every script's text: every helper it names is defined in it, before the line that
 * first names it. The Redis contract suites then run every script on real servers.
 */
class LuaPreludeTest {
    private static final LuaPrelude COMMON = new LuaPrelude(Script.resource("common.lua"));

    @Test
    void everyHelperAScriptNames_isDefinedInIt_beforeItsFirstUse() {
        for (Script script : Script.values()) {
            String text = new String(script.body, StandardCharsets.UTF_8);
            for (String name : COMMON.names()) {
                if (!LuaPrelude.names(text, name)) {
                    continue;
                }
                int defined = definitionOf(text, name);
                assertThat(defined)
                        .as("%s names the helper %s but does not define it", script.file, name)
                        .isNotNegative();
                assertThat(firstCodeUse(text, name))
                        .as("%s names %s before defining it", script.file, name)
                        .isGreaterThanOrEqualTo(defined);
            }
        }
    }

    /**
     * The parser knows two shapes of top-level definition; anything else at the top level (two names in one
     * {@code local}, a statement, an indented definition) would be invisible to it and to the test above.
     */
    @Test
    void commonLua_holdsOnlyDefinitionsTheParserReads() {
        List<String> lines = Script.resource("common.lua").lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("--") || line.startsWith("  ") || line.equals("end")) {
                continue;
            }
            assertThat(line)
                    .as("common.lua line %d", i + 1)
                    .matches("local function [A-Za-z_][A-Za-z0-9_]*\\(.*|local [A-Za-z_][A-Za-z0-9_]* = .*");
        }
        assertThat(lines.stream().filter(l -> l.matches("^\\s+local function .*")))
                .as("nested function definitions (the parser would not see them)")
                .isEmpty();
    }

    @Test
    void aSingleJobEnqueue_carriesTheStoringHelpers_andNotTheOperatorsOrTheSchedules() {
        String enqueue = new String(Script.ENQUEUE.body, StandardCharsets.UTF_8);

        assertThat(definedIn(enqueue))
                .contains("store_jobs", "ready_member", "index_member", "call_chunked", "job_key", "int", "FINAL")
                .doesNotContain("reopen", "finish", "promote", "schedule_reply", "SCHEDULE_FIELDS", "unindex");
    }

    @Test
    void helpersAreTakenTransitively_inTheFilesOrder() {
        LuaPrelude prelude = new LuaPrelude("""
                -- opening comment, part of no definition

                local A = { x = true }
                local function leaf(x)
                  return x
                end

                -- uses leaf and A
                local function middle(x)
                  return leaf(x) and A
                end
                -- never called
                local function unused()
                  return 1
                end
                """);

        String text = prelude.forScript("return middle(1)");

        assertThat(text)
                .startsWith("local A = ")
                .contains("local function leaf(x)", "local function middle(x)")
                .contains("-- uses leaf and A")
                .doesNotContain("local function unused", "never called", "opening comment");
        assertThat(text.indexOf("local function leaf")).isLessThan(text.indexOf("local function middle"));
        assertThat(prelude.forScript("return 2")).isEmpty();
    }

    /** The line offset of {@code local [function ]name}, or -1. */
    private static int definitionOf(String text, String name) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("local function " + name + "(") || line.startsWith("local " + name + " =")) {
                return i;
            }
        }
        return -1;
    }

    /** The first line that names {@code name} outside a comment. */
    private static int firstCodeUse(String text, String name) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).replaceFirst("--.*$", "");
            if (LuaPrelude.names(code, name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static List<String> definedIn(String text) {
        List<String> names = new ArrayList<>();
        for (String name : COMMON.names()) {
            if (definitionOf(text, name) >= 0) {
                names.add(name);
            }
        }
        return names;
    }
}
