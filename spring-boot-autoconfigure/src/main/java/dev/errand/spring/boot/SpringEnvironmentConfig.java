package dev.errand.spring.boot;

import dev.errand.config.ConfigLoader;
import dev.errand.config.ErrandConfig;
import dev.errand.config.KnownKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code errand.*} keys of the Spring environment (application.properties or .yaml, profiles, command-line
 * arguments, system properties) as an {@link ErrandConfig}, read by Errand's own loader: same keys, same meanings,
 * same checks and the same {@code ${env:NAME}} / {@code ${file:PATH}} secret references as {@code errand.properties}.
 * Spring's own placeholders ({@code ${DB_PASSWORD}}) are resolved too. YAML lists become comma-separated values, and
 * a kebab-case key ({@code shutdown-grace}) is read as the camel-case key Errand declares ({@code shutdownGrace}).
 */
final class SpringEnvironmentConfig {
    static final String SOURCE = "the Spring environment";
    private static final String PREFIX = "errand.";
    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");

    private SpringEnvironmentConfig() {}

    static ErrandConfig read(ConfigurableEnvironment environment) {
        KnownKeys known = KnownKeys.declared();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        // Highest precedence first: a key's first value wins.
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            Map<String, TreeMap<Integer, String>> listsHere = new LinkedHashMap<>();
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith(PREFIX) || name.equals(ConfigLoader.CONFIG_PROPERTY)) {
                    continue; // errand.config names a properties file, which a Spring application does not read
                }
                String value = value(environment, source, name);
                Matcher indexed = INDEXED.matcher(name);
                if (indexed.matches()) {
                    listsHere
                            .computeIfAbsent(key(indexed.group(1), known), k -> new TreeMap<>())
                            .put(Integer.parseInt(indexed.group(2)), value);
                } else {
                    values.putIfAbsent(key(name, known), value);
                }
            }
            listsHere.forEach(lists::putIfAbsent);
        }
        lists.forEach((key, items) -> values.putIfAbsent(key, String.join(",", items.values())));
        return ConfigLoader.load(values, SOURCE);
    }

    /** Errand resolves its own {@code ${env:}} and {@code ${file:}} references (and keeps them out of messages). */
    private static String value(ConfigurableEnvironment environment, PropertySource<?> source, String name) {
        Object raw = source.getProperty(name);
        String text = raw == null ? "" : raw.toString();
        if (text.contains("${env:") || text.contains("${file:")) {
            return text;
        }
        return environment.resolvePlaceholders(text);
    }

    /** {@code errand.worker.shutdown-grace} → {@code errand.worker.shutdownGrace} when only the latter is declared. */
    static String key(String name, KnownKeys known) {
        if (!name.contains("-") || known.contains(name)) {
            return name;
        }
        StringBuilder camel = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String candidate = camel.toString();
        return known.contains(candidate) ? candidate : name;
    }
}
