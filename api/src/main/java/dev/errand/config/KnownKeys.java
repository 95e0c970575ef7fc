package dev.errand.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects {@code errand.*} keys nobody reads, so a typo fails at start-up instead of being
 * silently ignored. A known key ending in {@code .*} accepts everything under that prefix.
 */
public final class KnownKeys {
    private final Set<String> exact = new TreeSet<>();
    private final Set<String> prefixes = new TreeSet<>();

    public KnownKeys add(Collection<String> keys) {
        for (String key : keys) {
            if (key.endsWith(".*")) {
                prefixes.add(key.substring(0, key.length() - 1));
            } else {
                exact.add(key);
            }
        }
        return this;
    }

    public void check(ErrandConfig config) {
        for (String key : config.asMap().keySet()) {
            if (!key.startsWith("errand.") || exact.contains(key) || prefixes.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String hint = closest(key).map(k -> "did you mean " + k + "? ").orElse("");
            throw new ErrandConfigException("unknown configuration key " + key + " (from " + config.source() + "); "
                    + hint + "known keys: " + String.join(", ", all()));
        }
    }

    private List<String> all() {
        Set<String> all = new TreeSet<>(exact);
        prefixes.forEach(p -> all.add(p + "*"));
        return List.copyOf(all);
    }

    private Optional<String> closest(String key) {
        return exact.stream()
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 5))
                .min(Comparator.comparingInt(k -> distance(k, key)));
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
