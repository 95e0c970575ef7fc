package dev.errand.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Secrets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pass-through pool keys of a JDBC backend ({@code <prefix>.pool.<property>}): each HikariCP property is applied
 * to {@link HikariConfig} through its setter, {@code <prefix>.pool.dataSource.<name>} becomes a JDBC driver
 * connection property, and {@code driverClassName} picks the driver class. Messages name the backend's own keys.
 */
public final class PoolProperties {
    private static final String DATA_SOURCE = "dataSource.";
    /** Set through their own keys; through the pool keys they would bypass the checks and masking. */
    private static final Set<String> OWN_KEYS = Set.of("jdbcurl", "username", "password");
    /** Other ways to reach a database than the URL, which would bypass it and its checks. */
    private static final Set<String> OTHER_SOURCES = Set.of("datasourceclassname", "datasourcejndi");

    /**
     * The connections a backend's pool keeps open while unused, unless {@code <prefix>.pool.minimumIdle} says otherwise.
     * The pool's maximum is sized for a worker's threads, but it opens connections as they are asked for: a process
     * that only enqueues holds a few, and a worker holds as many as its threads use at once. HikariCP's own
     * default (every connection, from the start) made each client log in to the database once per worker thread as it
     * started, on a PostgreSQL server with SCRAM a key derivation each, while the client's first jobs waited for the CPU.
     */
    public static final int MINIMUM_IDLE = 2;

    /** The pool property that picks the JDBC driver class. */
    public static final String DRIVER_CLASS_NAME = "driverClassName";

    private PoolProperties() {}

    /**
     * Applies Errand's pool defaults ({@link #MINIMUM_IDLE}) and then {@code pool} (property name → value; {@code shown}
     * holds the values as messages may print them) to {@code config} and {@code driverProperties}, and returns the
     * {@code driverClassName} given, or null.
     *
     * @param prefix the backend's key prefix, e.g. {@code errand.jdbc}: messages name {@code <prefix>.pool.<property>}
     */
    public static String apply(
            HikariConfig config,
            Properties driverProperties,
            Map<String, String> pool,
            Map<String, String> shown,
            String prefix,
            String source) {
        config.setMinimumIdle(MINIMUM_IDLE);
        String driverClassName = null;
        for (Map.Entry<String, String> e : pool.entrySet()) {
            String property = e.getKey();
            if (property.startsWith(DATA_SOURCE) && property.length() > DATA_SOURCE.length()) {
                driverProperties.setProperty(property.substring(DATA_SOURCE.length()), e.getValue());
            } else if (property.equals(DRIVER_CLASS_NAME)) {
                driverClassName = e.getValue();
            } else {
                apply(config, property, e.getValue(), shown.get(property), prefix, source);
            }
        }
        return driverClassName;
    }

    /**
     * A socket timeout as the driver of {@code url} takes its {@code socketTimeout} property: seconds (rounded up) for
     * pgJDBC, milliseconds for MariaDB and MySQL Connector/J; null for other drivers (H2, SQLite) and when {@code
     * timeout} is null.
     */
    public static String socketTimeout(String url, Duration timeout) {
        if (timeout == null) {
            return null;
        }
        long millis = Math.max(1, timeout.toMillis());
        if (url.startsWith("jdbc:postgresql:")) {
            return Long.toString(Math.max(1, (millis + 999) / 1000));
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return Long.toString(Math.min(Integer.MAX_VALUE, millis));
        }
        return null;
    }

    private static void apply(
            HikariConfig config, String property, String value, String shown, String prefix, String source) {
        String key = prefix + ".pool." + property;
        String own = prefix + ".url, " + prefix + ".username and " + prefix + ".password";
        if (OWN_KEYS.contains(property.toLowerCase(Locale.ROOT))) {
            throw new ErrandConfigException(key + " (from " + source + ") is not allowed; use " + own);
        }
        if (OTHER_SOURCES.contains(property.toLowerCase(Locale.ROOT))) {
            throw new ErrandConfigException(key + " (from " + source + ") is not supported: the backend connects with "
                    + prefix + ".url and the JDBC driver; set driver properties as " + prefix + ".pool." + DATA_SOURCE
                    + "<name>");
        }
        Method setter = setter(property);
        if (setter == null) {
            throw new ErrandConfigException(
                    "unknown HikariCP property '" + property + "' in " + key + " (from " + source
                            + "); known properties: " + String.join(", ", known())
                            + ", or dataSource.<name> for a JDBC driver property");
        }
        Class<?> type = setter.getParameterTypes()[0];
        Object converted;
        try {
            converted = type == String.class
                    ? value
                    : type == int.class
                            ? Integer.valueOf(value.replace("_", ""))
                            : type == long.class
                                    ? Long.valueOf(value.replace("_", ""))
                                    : Boolean.valueOf(parseBoolean(value));
        } catch (IllegalArgumentException e) {
            throw new ErrandConfigException("invalid value '" + shown + "' for " + key + " (from " + source
                    + "): expected "
                    + (type == boolean.class
                            ? "true or false"
                            : "an integer" + (type == long.class ? " (milliseconds for times)" : "")));
        }
        try {
            setter.invoke(config, converted);
        } catch (InvocationTargetException e) {
            throw new ErrandConfigException(
                    "invalid value '" + shown + "' for " + key + " (from " + source + "): "
                            + Secrets.scrub(e.getCause().getMessage(), value),
                    Secrets.scrub(e.getCause(), value));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("HikariConfig." + setter.getName() + " is not accessible", e);
        }
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static Method setter(String property) {
        if (property.isEmpty()) {
            return null;
        }
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : HikariConfig.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1 && settable(m.getParameterTypes()[0])) {
                return m;
            }
        }
        return null;
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        for (Method m : HikariConfig.class.getMethods()) {
            if (m.getName().startsWith("set")
                    && m.getName().length() > 3
                    && m.getParameterCount() == 1
                    && settable(m.getParameterTypes()[0])) {
                String p = Character.toLowerCase(m.getName().charAt(3))
                        + m.getName().substring(4);
                if (!OWN_KEYS.contains(p.toLowerCase(Locale.ROOT))
                        && !OTHER_SOURCES.contains(p.toLowerCase(Locale.ROOT))) {
                    names.add(p);
                }
            }
        }
        return names;
    }

    private static boolean settable(Class<?> type) {
        return type == String.class || type == int.class || type == long.class || type == boolean.class;
    }
}
