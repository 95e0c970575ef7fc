package dev.errand.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Rejects {@code errand.*} keys nobody reads, so a typo fails at start-up instead of being
 * silently ignored. A known key ending in {@code .*} accepts everything under that prefix; a
 * segment in angle brackets ({@code errand.manager.group.<group>.threads}) accepts any one segment.
 */
public final class KnownKeys {
    private final Set<String> exact = new TreeSet<>();
    /** Patterns with placeholders or a trailing {@code *}, as written, and the regular expressions they stand for. */
    private final Map<String, Pattern> patterns = new TreeMap<>();

    /** The keys of every {@link SettingGroup} on the class path ({@link SettingGroup#onClassPath()}). */
    public static KnownKeys declared() {
        KnownKeys known = new KnownKeys();
        SettingGroup.onClassPath().forEach(known::add);
        return known;
    }

    /** The keys this group declares. */
    public KnownKeys add(SettingGroup group) {
        return add(group.settings().stream().map(Setting::key).toList());
    }

    /** These keys or patterns. */
    public KnownKeys add(Collection<String> keys) {
        for (String key : keys) {
            if (key.endsWith(".*") || Setting.PLACEHOLDER.matcher(key).find()) {
                patterns.put(key, regex(key));
            } else {
                exact.add(key);
            }
        }
        return this;
    }

    /** True when {@code key} is declared, or matches a declared pattern. */
    public boolean contains(String key) {
        return exact.contains(key)
                || patterns.values().stream().anyMatch(p -> p.matcher(key).matches());
    }

    public void check(ErrandConfig config) {
        for (String key : config.asMap().keySet()) {
            if (!key.startsWith("errand.") || contains(key)) {
                continue;
            }
            String hint = closest(key).map(k -> "did you mean " + k + "? ").orElse("");
            throw new ErrandConfigException("unknown configuration key " + key + " (from " + config.source() + "); "
                    + hint + "known keys: " + String.join(", ", all()));
        }
    }

    private List<String> all() {
        Set<String> all = new TreeSet<>(exact);
        all.addAll(patterns.keySet());
        return List.copyOf(all);
    }

    /** The nearest known key; a pattern's placeholders take the segments of {@code key} in their place. */
    private Optional<String> closest(String key) {
        Set<String> candidates = new TreeSet<>(exact);
        String[] segments = key.split("\\.", -1);
        for (String pattern : patterns.keySet()) {
            String[] parts = pattern.split("\\.", -1);
            if (parts.length == segments.length && !pattern.endsWith(".*")) {
                for (int i = 0; i < parts.length; i++) {
                    if (Setting.PLACEHOLDER.matcher(parts[i]).matches()) {
                        parts[i] = segments[i];
                    }
                }
                candidates.add(String.join(".", parts));
            }
        }
        return candidates.stream()
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 5))
                .min(Comparator.comparingInt(k -> distance(k, key)));
    }

    private static Pattern regex(String key) {
        boolean prefix = key.endsWith(".*");
        String fixed = prefix ? key.substring(0, key.length() - 1) : key;
        StringBuilder regex = new StringBuilder();
        var m = Setting.PLACEHOLDER.matcher(fixed);
        int from = 0;
        while (m.find()) {
            regex.append(Pattern.quote(fixed.substring(from, m.start()))).append("[^.]+");
            from = m.end();
        }
        regex.append(Pattern.quote(fixed.substring(from)));
        return Pattern.compile(prefix ? regex + ".*" : regex.toString());
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
