package dev.errand.backend.theschwartz;

import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Secrets;
import dev.errand.jdbc.UrlSecrets;
import dev.errand.storable.PerlJson;
import dev.errand.storable.StorableLimits;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The {@code errand.theschwartz.*} settings of one backend, read and checked. */
record TheSchwartzSettings(
        String url,
        String username,
        String password,
        Map<String, String> pool,
        Map<String, String> poolShown,
        Dialect dialect,
        boolean createSchema,
        Duration keepExitStatusFor,
        int batchSize,
        Duration pollInterval,
        Duration socketTimeout,
        Duration sqliteBusyTimeout,
        int workerThreads,
        String perlDsn,
        String source) {

    static TheSchwartzSettings from(ErrandConfig config) {
        String written = TheSchwartzKeys.URL.get(config);
        if (written == null) {
            throw new ErrandConfigException(TheSchwartzKeys.URL.key() + " is not set (from " + config.source()
                    + "); set it to the JDBC URL of the TheSchwartz database, e.g. jdbc:sqlite:/var/lib/ts.db");
        }
        UrlSecrets split = UrlSecrets.split(written);
        String password = TheSchwartzKeys.PASSWORD.get(config);
        if (split.password() != null) {
            if (password != null) {
                throw new ErrandConfigException(TheSchwartzKeys.URL.key() + " (from " + config.source()
                        + ") holds a password and " + TheSchwartzKeys.PASSWORD.key() + " is set too; keep one");
            }
            password = split.password();
        }
        String username = TheSchwartzKeys.USERNAME.get(config);
        if (username == null) {
            username = split.user();
        }
        Map<String, String> pool = new TreeMap<>(TheSchwartzKeys.POOL.get(config));
        Map<String, String> shown = new TreeMap<>();
        pool.keySet().forEach(k -> shown.put(k, config.printable(TheSchwartzKeys.POOL_PREFIX + k)));
        split.properties().forEach((name, value) -> {
            pool.put("dataSource." + name, value);
            shown.put("dataSource." + name, "****");
        });
        Dialect dialect = Dialect.of(TheSchwartzKeys.DIALECT.get(config), split.url());
        if (dialect == Dialect.MYSQL && affectedRows(split.url(), pool)) {
            // A renewal that writes the grabbed_until a job already has would count 0 rows and look like a lost grab.
            throw new ErrandConfigException("useAffectedRows=true (from " + config.source() + ") makes MySQL and "
                    + "MariaDB count only changed rows, and the TheSchwartz backend's compare-and-set needs the rows "
                    + "found; remove it from " + TheSchwartzKeys.URL.key() + " and " + TheSchwartzKeys.POOL_PREFIX
                    + "dataSource.useAffectedRows");
        }
        return new TheSchwartzSettings(
                split.url(),
                username,
                password,
                Map.copyOf(pool),
                Map.copyOf(shown),
                dialect,
                TheSchwartzKeys.CREATE_SCHEMA.get(config),
                TheSchwartzKeys.keep(TheSchwartzKeys.KEEP_EXIT_STATUS_FOR.get(config)),
                TheSchwartzKeys.BATCH_SIZE.get(config),
                TheSchwartzKeys.POLL_INTERVAL.get(config),
                TheSchwartzKeys.SOCKET_TIMEOUT.get(config),
                TheSchwartzKeys.SQLITE_BUSY_TIMEOUT.get(config),
                CoreKeys.WORKER_THREADS.get(config),
                TheSchwartzKeys.PERL_DSN.get(config),
                config.source());
    }

    private static boolean affectedRows(String url, Map<String, String> pool) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return u.contains("useaffectedrows=true")
                || pool.entrySet().stream()
                        .anyMatch(e -> e.getKey().equalsIgnoreCase("dataSource.useAffectedRows")
                                && e.getValue().equalsIgnoreCase("true"));
    }

    /** How Storable arguments become Jackson trees, from {@code stringDecoding}, {@code blessed} and the payload limits. */
    static PerlJson perlJson(ErrandConfig config) {
        PerlJson.StringDecoding decoding = switch (TheSchwartzKeys.STRING_DECODING.get(config)) {
            case "latin1" -> PerlJson.StringDecoding.LATIN1;
            case "utf8" -> PerlJson.StringDecoding.UTF8;
            default -> PerlJson.StringDecoding.UTF8_OR_LATIN1;
        };
        PerlJson.BlessedPolicy blessed = TheSchwartzKeys.BLESSED.get(config).equals("unwrap")
                ? PerlJson.BlessedPolicy.UNWRAP
                : PerlJson.BlessedPolicy.REFUSE;
        return PerlJson.defaults()
                .withStringDecoding(decoding)
                .withBlessed(blessed)
                .withLimits(limits(config));
    }

    static StorableLimits limits(ErrandConfig config) {
        return new StorableLimits(
                CoreKeys.PAYLOAD_MAX_BYTES.get(config),
                CoreKeys.PAYLOAD_MAX_DEPTH.get(config),
                StorableLimits.DEFAULTS.maxItems());
    }

    /** The URL with any password in it masked, for messages and logs. */
    String safeUrl() {
        return Secrets.redactUrl(url);
    }

    /** Keep-exit-status as whole seconds. */
    long keepSeconds() {
        return keepExitStatusFor.toSeconds();
    }

    @Override
    public String toString() {
        return "TheSchwartzSettings[url=" + safeUrl() + ", username=" + username + ", dialect=" + dialect + "]";
    }
}
