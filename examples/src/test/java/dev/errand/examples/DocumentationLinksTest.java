package dev.errand.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown leads somewhere: the file exists, and a
 * {@code #anchor} names a heading of the target as GitHub spells it. Docs move often; a dead link
 * is what a reader meets first.
 */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCED = Pattern.compile("(?s)```.*?```");

    private final Path root = Path.of(System.getProperty("basedir", ""))
            .toAbsolutePath()
            .resolve("..")
            .normalize();

    @Test
    void everyRelativeLink_leadsToAFileAndAHeadingThatExist() throws IOException {
        List<Path> pages = markdownPages();
        assertThat(pages).as("Markdown pages under " + root).hasSizeGreaterThan(10);
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            String text = FENCED.matcher(Files.readString(page)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // http:, https:, mailto: and the like
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? "" : target.substring(hash + 1);
                Path file =
                        path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (!anchor.isEmpty()
                        && file.toString().endsWith(".md")
                        && !anchors(file).contains(anchor)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken)
                .as("broken links; fix the link or the heading it names")
                .isEmpty();
    }

    private List<Path> markdownPages() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String rel = root.relativize(p).toString();
                        return !rel.startsWith(".")
                                && !rel.contains("/target/")
                                && !rel.startsWith("target/")
                                && !rel.contains("/data/")
                                && !rel.contains("node_modules");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation but '-' and '_' dropped, spaces to '-'. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        String text = FENCED.matcher(Files.readString(page)).replaceAll("");
        for (String line : text.split("\n")) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String heading = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
                out.add(heading.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                        .replace(' ', '-'));
            }
        }
        return out;
    }
}
