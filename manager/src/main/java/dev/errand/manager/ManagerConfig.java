package dev.errand.manager;

import dev.errand.config.CoreKeys;
import dev.errand.config.Durations;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code errand.manager.*} settings as {@link ManagerKeys} declares them, parsed and checked
 * before anything starts: every bad value fails with one {@link ErrandConfigException} that names
 * the key, the value and what is allowed. Worker classes are checked separately by {@link WorkerClasses} (they need the class path).
 */
public record ManagerConfig(
        List<GroupConfig> groups,
        Path pidFile,
        Path statusFile,
        Optional<Path> logFile,
        Path timingLog,
        Duration shutdownGrace,
        Duration crashBackoff,
        Duration maxCrashBackoff,
        int crashLoopCount,
        Duration crashLoopWindow) {
    public static final String PREFIX = "errand.manager.";
    public static final String GROUP_PREFIX = PREFIX + "group.";
    /** {@code errand.manager.groups}. */
    public static final String GROUPS = ManagerKeys.GROUPS.key();

    /** The per-group settings: {@code errand.manager.group.<name>.<setting>}. */
    public static final List<String> GROUP_SETTINGS = ManagerKeys.PER_GROUP.stream()
            .map(s -> s.key().substring(ManagerKeys.GROUP.length()))
            .toList();

    private static final Set<String> GLOBAL_KEYS =
            ManagerKeys.GLOBAL.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    public ManagerConfig {
        groups = List.copyOf(groups);
    }

    /** Parses and checks every {@code errand.manager.*} key; relative paths are resolved against {@code workDir}. */
    public static ManagerConfig from(ErrandConfig config, Path workDir) {
        checkKnownKeys(config);
        List<String> names = ManagerKeys.GROUPS.get(config);
        if (names.isEmpty()) {
            throw new ErrandConfigException("no worker groups configured: set " + GROUPS + " (from " + config.source()
                    + ") to a comma-separated list of group names, e.g. " + GROUPS + "=bookmarks,mail, and per group "
                    + GROUP_PREFIX + "<name>.workers=<fully qualified classes with @Job methods>");
        }
        Map<String, GroupConfig> groups = new LinkedHashMap<>();
        for (String name : names) {
            if (!GROUP_NAME.matcher(name).matches()) {
                throw config.invalid(
                        GROUPS,
                        String.join(",", names),
                        "group names of letters, digits, '_' and '-' (bad name: '" + name + "')");
            }
            if (groups.containsKey(name)) {
                throw config.invalid(
                        GROUPS, String.join(",", names), "distinct group names ('" + name + "' is listed twice)");
            }
            groups.put(name, group(config, name));
        }
        Path pid = path(config, ManagerKeys.PID_FILE, workDir);
        Duration backoff = ManagerKeys.CRASH_BACKOFF.get(config);
        Duration maxBackoff = ManagerKeys.MAX_CRASH_BACKOFF.get(config);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw config.invalid(
                    ManagerKeys.MAX_CRASH_BACKOFF.key(),
                    config.string(ManagerKeys.MAX_CRASH_BACKOFF.key(), ""),
                    "a duration no shorter than " + ManagerKeys.CRASH_BACKOFF + " (" + Durations.format(backoff) + ")");
        }
        Path status = path(config, ManagerKeys.STATUS_FILE, workDir);
        return new ManagerConfig(
                List.copyOf(groups.values()),
                pid,
                status != null ? status : pid.resolveSibling(pid.getFileName() + ".status"),
                Optional.ofNullable(path(config, ManagerKeys.LOG_FILE, workDir)),
                path(config, ManagerKeys.TIMING_LOG, workDir),
                ManagerKeys.SHUTDOWN_GRACE.get(config),
                backoff,
                maxBackoff,
                ManagerKeys.CRASH_LOOP_COUNT.get(config),
                ManagerKeys.CRASH_LOOP_WINDOW.get(config));
    }

    /** The group of this name, or an error naming {@link #GROUPS}. */
    public GroupConfig group(String name, String source) {
        return groups.stream()
                .filter(g -> g.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ErrandConfigException("no worker group '" + name + "' in " + GROUPS + " (from "
                        + source + "); configured groups: "
                        + String.join(
                                ", ", groups.stream().map(GroupConfig::name).toList())));
    }

    /** The log file of a daemon: the configured one, else {@code errand-manager.log} beside the pid file. */
    public Path daemonLogFile() {
        return logFile.orElse(pidFile.resolveSibling("errand-manager.log"));
    }

    private static GroupConfig group(ErrandConfig config, String name) {
        String workersKey = ManagerKeys.WORKERS.at(name).key();
        List<String> workers = ManagerKeys.WORKERS.at(name).get(config);
        if (workers.isEmpty()) {
            throw new ErrandConfigException("group '" + name + "' has no workers: set " + workersKey + " (from "
                    + config.source() + ") to the fully qualified classes with @Job methods it runs, comma-separated");
        }
        for (String w : workers) {
            if (!CLASS_NAME.matcher(w).matches()) {
                throw config.invalid(
                        workersKey,
                        config.string(workersKey, ""),
                        "fully qualified class names separated by commas ('" + w + "' is not a class name)");
            }
        }
        int processes = ManagerKeys.PROCESSES.at(name).get(config);
        int threads = ManagerKeys.THREADS.at(name).get(config, CoreKeys.WORKER_THREADS.get(config));
        long maxJobs = ManagerKeys.MAX_JOBS_PER_CHILD.at(name).get(config);
        List<String> queues = ManagerKeys.QUEUES.at(name).get(config);
        Setting<String> jvmOptions = ManagerKeys.JVM_OPTIONS.at(name);
        String written = jvmOptions.get(config);
        List<String> jvm = written == null ? List.of() : List.of(written.split("\\s+"));
        for (String option : jvm) {
            if (!option.startsWith("-")) {
                throw config.invalid(jvmOptions.key(), written, jvmOptions.allowed() + "; '" + option + "' is not one");
            }
        }
        return new GroupConfig(name, workers, processes, threads, maxJobs, queues, jvm);
    }

    /** Rejects misspelt {@code errand.manager.*} keys, and group settings of groups not in {@link #GROUPS}. */
    private static void checkKnownKeys(ErrandConfig config) {
        List<String> groups = ManagerKeys.GROUPS.get(config);
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
                            + "); a group's settings are " + GROUP_PREFIX + group + ".{"
                            + String.join(",", GROUP_SETTINGS) + "}");
                }
                if (!groups.contains(group)) {
                    throw new ErrandConfigException(full + " (from " + config.source() + ") configures group '" + group
                            + "', which is not listed in " + GROUPS + "=" + String.join(",", groups)
                            + "; add it there or remove the key");
                }
                continue;
            }
            throw new ErrandConfigException("unknown configuration key " + full + " (from " + config.source()
                    + "); the manager's keys are " + String.join(", ", GLOBAL_KEYS) + " and " + GROUP_PREFIX
                    + "<group>.{"
                    + String.join(",", GROUP_SETTINGS) + "}");
        }
    }

    /** The path {@code key} sets, else its default, resolved against {@code workDir}; null when neither is. */
    private static Path path(ErrandConfig config, Setting<Path> key, Path workDir) {
        Path path = key.get(config);
        return path == null ? null : workDir.resolve(path).toAbsolutePath().normalize();
    }
}
