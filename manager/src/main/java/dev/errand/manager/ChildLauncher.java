package dev.errand.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts child JVMs: the parent's own {@code java}, class path and configuration file (passed
 * explicitly as {@code -Derrand.config}), the parent's {@code errand.*} system properties, the
 * group's {@code jvmOptions}, running {@link ChildMain} {@code --group G --grace DURATION}.
 * The child's {@code errand.timing} logger is switched off: its timing lines travel to the parent
 * over the protocol instead.
 */
final class ChildLauncher {
    private final String java;
    private final String classPath;
    private final ConfigSource config;
    private final Map<String, String> overrides;
    private final Clock clock;

    ChildLauncher(ConfigSource config, Clock clock) {
        this(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"),
                config,
                errandSystemProperties(),
                clock);
    }

    ChildLauncher(String java, String classPath, ConfigSource config, Map<String, String> overrides, Clock clock) {
        this.java = java;
        this.classPath = classPath;
        this.config = config;
        this.overrides = new TreeMap<>(overrides);
        this.clock = clock;
    }

    List<String> command(GroupConfig group, Duration grace) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(group.jvmOptions());
        cmd.add("-cp");
        cmd.add(classPath);
        config.file().ifPresent(f -> cmd.add("-D" + dev.errand.config.ConfigLoader.CONFIG_PROPERTY + "=" + f));
        overrides.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dorg.slf4j.simpleLogger.log.errand.timing=off");
        cmd.add(ChildMain.class.getName());
        cmd.add("--group");
        cmd.add(group.name());
        cmd.add("--grace");
        cmd.add(grace.toMillis() + "ms");
        return cmd;
    }

    ChildProcess start(
            GroupConfig group, long generation, int configVersion, Duration grace, ChildProcess.Listener listener)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(group, grace));
        pb.environment().remove(dev.errand.config.ConfigLoader.CONFIG_ENV);
        Process p = pb.start();
        return new ChildProcess(group.name(), generation, configVersion, clock.instant(), p, listener);
    }

    /** The {@code errand.*} system properties of this JVM (overrides of the file), except {@code errand.config}. */
    static Map<String, String> errandSystemProperties() {
        Map<String, String> map = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("errand.") && !k.equals(dev.errand.config.ConfigLoader.CONFIG_PROPERTY))
                .forEach(k -> map.put(k, System.getProperty(k)));
        return map;
    }
}
