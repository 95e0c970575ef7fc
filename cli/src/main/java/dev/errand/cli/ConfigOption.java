package dev.errand.cli;

import dev.errand.manager.ConfigSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that reads {@code errand.properties}. */
final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The errand.properties file (default: -Derrand.config, else $ERRAND_CONFIG, else errand.properties "
                            + "on the class path). errand.* system properties override it.")
    Path file;

    ConfigSource source() {
        return ConfigSource.resolve(file);
    }

    static Path workDir() {
        return Path.of("").toAbsolutePath();
    }
}
