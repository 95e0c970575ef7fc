package dev.errand.manager;

import dev.errand.config.ConfigLoader;
import dev.errand.config.ErrandConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the configuration comes from: {@code --config FILE}, else {@code -Derrand.config}, else
 * {@code ERRAND_CONFIG}, else {@code errand.properties} on the class path. {@code errand.*}
 * system properties override the file. The manager passes the same file to its children, and
 * reads it again on reload.
 */
public record ConfigSource(Optional<Path> file) {

    public static ConfigSource resolve(Path option) {
        if (option != null) {
            return new ConfigSource(Optional.of(option.toAbsolutePath().normalize()));
        }
        String property = System.getProperty(ConfigLoader.CONFIG_PROPERTY);
        if (property != null && !property.isBlank()) {
            return new ConfigSource(
                    Optional.of(Path.of(property).toAbsolutePath().normalize()));
        }
        String env = System.getenv(ConfigLoader.CONFIG_ENV);
        if (env != null && !env.isBlank()) {
            return new ConfigSource(Optional.of(Path.of(env).toAbsolutePath().normalize()));
        }
        return new ConfigSource(Optional.empty());
    }

    /** Reads the configuration now (again on every call), with {@code errand.*} system properties applied. */
    public ErrandConfig load() {
        return file.isEmpty() ? ConfigLoader.load() : ConfigLoader.load(file.get());
    }

    public String describe() {
        return file.map(Path::toString).orElse("classpath:" + ConfigLoader.CLASSPATH_RESOURCE);
    }
}
