package dev.errand.manager;

import dev.errand.config.ErrandConfigException;
import dev.errand.job.Names;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code errand.manager.*} settings, parsed and checked before anything starts: every bad
 * value fails with one {@link ErrandConfigException} that names the key, the value and what is
 * allowed. Worker classes are checked separately by {@link WorkerClasses} (they need the class path).
 */
public record ManagerConfig(List<GroupConfig> groups, Path pidFile, Path statusFile, Optional<Path> logFile,
                            Path timingLog, Duration shutdownGrace, Duration crashBackoff, Duration maxCrashBackoff,
                            int crashLoopCount, Duration crashLoopWindow) {
    public static final String PREFIX = "errand.manager.";
    public static final String GROUPS = PREFIX + "groups";
    public static final String GROUP_PREFIX = PREFIX + "group.";
    public static final String PID_FILE = PREFIX + "pidFile";
    public static final String STATUS_FILE = PREFIX + "statusFile";
    public static final String LOG_FILE = PREFIX + "logFile";
    public static final String TIMING_LOG = PREFIX + "timingLog";
    public static final String SHUTDOWN_GRACE = PREFIX + "shutdownGrace";
    public static final String CRASH_BACKOFF = PREFIX + "crashBackoff";
    public static final String MAX_CRASH_BACKOFF = PREFIX + "maxCrashBackoff";
    public static final String CRASH_LOOP_COUNT = PREFIX + "crashLoop.count";
    public static final String CRASH_LOOP_WINDOW = PREFIX + "crashLoop.window";

    /** The per-group settings: {@code errand.manager.group.<name>.<setting>}. */
    public static final List<String> GROUP_SETTINGS =
            List.of("workers", "processes", "threads", "maxJobsPerChild", "queues", "jvmOptions");
    private static final Set<String> GLOBAL_KEYS = Set.of(GROUPS, PID_FILE, STATUS_FILE, LOG_FILE, TIMING_LOG,
            SHUTDOWN_GRACE, CRASH_BACKOFF, MAX_CRASH_BACKOFF, CRASH_LOOP_COUNT, CRASH_LOOP_WINDOW);
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    public ManagerConfig {
        groups = List.copyOf(groups);
    }

    /** Parses and checks every {@code errand.manager.*} key; relative paths are resolved against {@code workDir}. */
    public static ManagerConfig from(ErrandConfig config, Path workDir) {
        checkKnownKeys(config);
        List<String> names = config.list(GROUPS);
        if (names.isEmpty()) {
            throw new ErrandConfigException("no worker groups configured: set " + GROUPS + " (from " + config.source()
                    + ") to a comma-separated list of group names, e.g. " + GROUPS + "=bookmarks,mail, and per group "
                    + GROUP_PREFIX + "<name>.workers=<fully qualified classes with @Job methods>");
        }
        Map<String, GroupConfig> groups = new LinkedHashMap<>();
        for (String name : names) {
            if (!GROUP_NAME.matcher(name).matches()) {
                throw config.invalid(GROUPS, String.join(",", names),
                        "group names of letters, digits, '_' and '-' (bad name: '" + name + "')");
            }
            if (groups.containsKey(name)) {
                throw config.invalid(GROUPS, String.join(",", names), "distinct group names ('" + name + "' is listed twice)");
            }
            groups.put(name, group(config, name));
        }
        Path pid = path(config, PID_FILE, "errand-manager.pid", workDir);
        Duration backoff = config.duration(CRASH_BACKOFF, Duration.ofSeconds(1));
        Duration maxBackoff = config.duration(MAX_CRASH_BACKOFF, Duration.ofMinutes(1));
        if (maxBackoff.compareTo(backoff) < 0) {
            throw config.invalid(MAX_CRASH_BACKOFF, config.string(MAX_CRASH_BACKOFF, ""),
                    "a duration no shorter than " + CRASH_BACKOFF + " (" + config.string(CRASH_BACKOFF, "1s") + ")");
        }
        return new ManagerConfig(List.copyOf(groups.values()), pid,
                config.get(STATUS_FILE).map(v -> path(config, STATUS_FILE, v, workDir))
                        .orElse(pid.resolveSibling(pid.getFileName() + ".status")),
                config.get(LOG_FILE).map(v -> path(config, LOG_FILE, v, workDir)),
                path(config, TIMING_LOG, "errand-timing.log", workDir),
                config.duration(SHUTDOWN_GRACE, Duration.ofSeconds(30)),
                backoff, maxBackoff,
                config.integer(CRASH_LOOP_COUNT, 5, 2, 1000),
                config.duration(CRASH_LOOP_WINDOW, Duration.ofMinutes(1)));
    }

    /** The group of this name, or an error naming {@link #GROUPS}. */
    public GroupConfig group(String name, String source) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new ErrandConfigException("no worker group '" + name + "' in " + GROUPS + " (from " + source
                        + "); configured groups: " + String.join(", ", groups.stream().map(GroupConfig::name).toList())));
    }

    /** The log file of a daemon: the configured one, else {@code errand-manager.log} beside the pid file. */
    public Path daemonLogFile() {
        return logFile.orElse(pidFile.resolveSibling("errand-manager.log"));
    }

    private static GroupConfig group(ErrandConfig config, String name) {
        String prefix = GROUP_PREFIX + name + ".";
        String workersKey = prefix + "workers";
        List<String> workers = config.list(workersKey);
        if (workers.isEmpty()) {
            throw new ErrandConfigException("group '" + name + "' has no workers: set " + workersKey + " (from "
                    + config.source() + ") to the fully qualified classes with @Job methods it runs, comma-separated");
        }
        for (String w : workers) {
            if (!CLASS_NAME.matcher(w).matches()) {
                throw config.invalid(workersKey, config.string(workersKey, ""),
                        "fully qualified class names separated by commas ('" + w + "' is not a class name)");
            }
        }
        int processes = config.integer(prefix + "processes", 1, 0, 1000);
        int threads = config.integer(prefix + "threads", CoreKeys.workerThreads(config), 1, 10_000);
        long maxJobs = config.longValue(prefix + "maxJobsPerChild", 0, 0, Long.MAX_VALUE);
        List<String> queues = config.list(prefix + "queues");
        for (String q : queues) {
            try {
                Names.checkQueue(q);
            } catch (IllegalArgumentException e) {
                throw config.invalid(prefix + "queues", config.string(prefix + "queues", ""),
                        "comma-separated queue names: " + e.getMessage());
            }
        }
        List<String> jvm = config.get(prefix + "jvmOptions").map(v -> List.of(v.trim().split("\\s+"))).orElse(List.of());
        for (String option : jvm) {
            if (!option.startsWith("-")) {
                throw config.invalid(prefix + "jvmOptions", config.string(prefix + "jvmOptions", ""),
                        "JVM options separated by spaces, each starting with '-' (e.g. -Xmx256m -XX:+UseSerialGC); '"
                                + option + "' is not one");
            }
        }
        return new GroupConfig(name, workers, processes, threads, maxJobs, queues, jvm);
    }

    /** Rejects misspelt {@code errand.manager.*} keys, and group settings of groups not in {@link #GROUPS}. */
    private static void checkKnownKeys(ErrandConfig config) {
        List<String> groups = config.list(GROUPS);
        for (String key : config.withPrefix(PREFIX).keySet()) {
            String full = PREFIX + key;
            if (GLOBAL_KEYS.contains(full)) {
                continue;
            }
            if (full.startsWith(GROUP_PREFIX)) {
                String rest = full.substring(GROUP_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                String group = dot < 0 ? rest : rest.substring(0, dot);
                String setting = dot < 0 ? "" : rest.substring(dot + 1);
                if (!GROUP_SETTINGS.contains(setting)) {
                    throw new ErrandConfigException("unknown configuration key " + full + " (from " + config.source()
                            + "); a group's settings are " + GROUP_PREFIX + group + ".{" + String.join(",", GROUP_SETTINGS) + "}");
                }
                if (!groups.contains(group)) {
                    throw new ErrandConfigException(full + " (from " + config.source() + ") configures group '" + group
                            + "', which is not listed in " + GROUPS + "=" + String.join(",", groups)
                            + "; add it there or remove the key");
                }
                continue;
            }
            List<String> known = new ArrayList<>(GLOBAL_KEYS);
            known.sort(null);
            throw new ErrandConfigException("unknown configuration key " + full + " (from " + config.source()
                    + "); the manager's keys are " + String.join(", ", known) + " and " + GROUP_PREFIX + "<group>.{"
                    + String.join(",", GROUP_SETTINGS) + "}");
        }
    }

    private static Path path(ErrandConfig config, String key, String value, Path workDir) {
        String v = config.string(key, value);
        try {
            return workDir.resolve(v).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw config.invalid(key, v, "a file path");
        }
    }
}
