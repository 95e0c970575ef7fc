package dev.errand.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration, always the same way: first the values of one source, then the
 * {@code errand.*} system properties over them (except {@code errand.config}, which only names the
 * file), then {@code ${env:}} and {@code ${file:}} references resolved ({@link Secrets}). The
 * source is the file named by {@code -Derrand.config}, else by the {@code ERRAND_CONFIG}
 * environment variable, else {@code errand.properties} on the class path, else built-in defaults
 * ({@link #load()}); or a file, {@link Properties} or map given in code. Unknown keys are
 * rejected later, when the backends are known ({@link KnownKeys}).
 */
public final class ConfigLoader {
    public static final String CONFIG_PROPERTY = "errand.config";
    public static final String CONFIG_ENV = "ERRAND_CONFIG";
    public static final String CLASSPATH_RESOURCE = "errand.properties";

    private ConfigLoader() {}

    /** The file found as described above, then {@code errand.*} system properties. */
    public static ErrandConfig load() {
        return load(System.getProperty(CONFIG_PROPERTY), System.getenv(CONFIG_ENV), System.getProperties());
    }

    static ErrandConfig load(String propertyPath, String envPath, Properties systemProperties) {
        Map<String, String> values = new LinkedHashMap<>();
        String source;
        if (propertyPath != null && !propertyPath.isBlank()) {
            source = readFile(Path.of(propertyPath), "-D" + CONFIG_PROPERTY, values);
        } else if (envPath != null && !envPath.isBlank()) {
            source = readFile(Path.of(envPath), CONFIG_ENV, values);
        } else {
            source = readClasspath(values);
        }
        return layer(values, source, systemProperties);
    }

    /** This properties file (not the one {@code -Derrand.config} names), then {@code errand.*} system properties. */
    public static ErrandConfig load(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        String source = readFile(file, "file", values);
        return layer(values, source, System.getProperties());
    }

    /**
     * These properties, then {@code errand.*} system properties; {@code source} says where they came
     * from in messages. A value that is not a string fails naming its key.
     */
    public static ErrandConfig load(Properties properties, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            Object odd = key instanceof String ? value : key;
            if (!(odd instanceof String)) {
                throw new ErrandConfigException(
                        (odd == key ? "configuration key " : "the value of ") + key + " (from " + source + ") is a "
                                + odd.getClass().getName() + ", not a String; use setProperty(key, value)");
            }
        });
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return layer(values, source, System.getProperties());
    }

    /** These values, then {@code errand.*} system properties; {@code source} says where they came from in messages. */
    public static ErrandConfig load(Map<String, String> values, String source) {
        return layer(new LinkedHashMap<>(values), source, System.getProperties());
    }

    /** The one way every source becomes a configuration: {@code errand.*} system properties over its values. */
    private static ErrandConfig layer(Map<String, String> values, String source, Properties systemProperties) {
        boolean overridden = false;
        for (String key : systemProperties.stringPropertyNames()) {
            if (key.startsWith("errand.") && !key.equals(CONFIG_PROPERTY)) {
                values.put(key, systemProperties.getProperty(key));
                overridden = true;
            }
        }
        return ErrandConfig.of(values, overridden ? source + " + system properties" : source);
    }

    private static String readFile(Path file, String via, Map<String, String> into) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            putAll(reader, into);
            return file.toAbsolutePath().toString();
        } catch (NoSuchFileException e) {
            throw new ErrandConfigException("configuration file " + file.toAbsolutePath() + " (named by " + via
                    + ") does not exist; fix the path or remove " + via
                    + " to use errand.properties from the class path");
        } catch (IOException | IllegalArgumentException e) {
            throw new ErrandConfigException(
                    "cannot read configuration file " + file.toAbsolutePath() + " (named by " + via + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static String readClasspath(Map<String, String> into) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ConfigLoader.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                return "defaults"; // no errand.properties on the class path
            }
            putAll(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), into);
            return "classpath:" + CLASSPATH_RESOURCE;
        } catch (IOException | IllegalArgumentException e) {
            throw new ErrandConfigException(
                    "cannot read " + CLASSPATH_RESOURCE + " from the class path: " + e.getMessage(), e);
        }
    }

    private static void putAll(Reader reader, Map<String, String> into) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        p.stringPropertyNames().forEach(k -> into.put(k, p.getProperty(k)));
    }
}
