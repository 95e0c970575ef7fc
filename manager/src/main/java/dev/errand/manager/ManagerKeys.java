package dev.errand.manager;

import dev.errand.config.CoreKeys;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The {@code errand.manager.*} settings, declared once; {@link ManagerConfig} reads them. */
public final class ManagerKeys extends SettingGroup {
    /** The start of a group's settings; {@code <group>} is filled in with {@link Setting#at}. */
    static final String GROUP = "errand.manager.group.<group>.";

    static final Setting<List<String>> GROUPS = Setting.list("errand.manager.groups")
            .defaultText("required")
            .allowed("comma-separated group names of letters, digits, `_` and `-`")
            .doc("the worker groups; each has the settings `errand.manager.group.<group>.*` below");
    static final Setting<List<String>> WORKERS = Setting.list(GROUP + "workers")
            .defaultText("required")
            .allowed("comma-separated fully qualified class names")
            .doc("classes with `@Job` methods and a public no-argument constructor; the manager runs nothing else");
    static final Setting<Integer> PROCESSES =
            Setting.integer(GROUP + "processes", 1, 0, 1000).doc("child JVMs to keep running; 0 turns the group off");
    static final Setting<Integer> THREADS = CoreKeys.WORKER_THREADS
            .renamed(GROUP + "threads")
            .defaultText("`errand.worker.threads`")
            .doc("job threads per child; a child's JDBC or Redis pool is sized for them unless its size is set");
    static final Setting<Long> MAX_JOBS_PER_CHILD = Setting.longInteger(
                    GROUP + "maxJobsPerChild", 0L, 0, Long.MAX_VALUE)
            .doc(
                    "jobs a child claims before it finishes them, exits 0 and is replaced by a new generation; 0: no limit");
    static final Setting<List<String>> QUEUES =
            CoreKeys.WORKER_QUEUES.renamed(GROUP + "queues").doc("the queues the group serves");
    static final Setting<String> JVM_OPTIONS = Setting.string(GROUP + "jvmOptions", null)
            .allowed("JVM options separated by spaces, each starting with '-' (e.g. -Xmx256m -XX:+UseSerialGC)")
            .doc("options for the group's child JVMs");
    static final Setting<Path> PID_FILE = Setting.path("errand.manager.pidFile", "errand-manager.pid")
            .doc("the parent's pid; relative paths here and below are resolved against the working directory");
    static final Setting<Path> STATUS_FILE = Setting.path("errand.manager.statusFile", null)
            .defaultText("`<pidFile>.status`")
            .doc("the status snapshot (JSON) that `errand status` reads");
    static final Setting<Path> LOG_FILE = Setting.path("errand.manager.logFile", null)
            .defaultText("foreground: none (stdout); daemon: `errand-manager.log` beside the pid file")
            .doc("the manager log");
    static final Setting<Path> TIMING_LOG = Setting.path("errand.manager.timingLog", "errand-timing.log")
            .doc("where the children's timing lines go (appended by the parent)");
    static final Setting<Duration> SHUTDOWN_GRACE = Setting.duration(
                    "errand.manager.shutdownGrace", Duration.ofSeconds(30))
            .doc("how long children may finish running jobs on stop or reload");
    static final Setting<Duration> CRASH_BACKOFF = Setting.duration(
                    "errand.manager.crashBackoff", Duration.ofSeconds(1))
            .doc("pause before restarting a crashed child; doubles with each crash in the crash-loop window");
    static final Setting<Duration> MAX_CRASH_BACKOFF = Setting.duration(
                    "errand.manager.maxCrashBackoff", Duration.ofMinutes(1))
            .allowed("positive, at least `errand.manager.crashBackoff`")
            .doc("cap on that pause");
    static final Setting<Integer> CRASH_LOOP_COUNT = Setting.integer("errand.manager.crashLoop.count", 5, 2, 1000)
            .doc("this many crashes of a group within `errand.manager.crashLoop.window` are a crash loop: the group is "
                    + "paused until `reload`");
    static final Setting<Duration> CRASH_LOOP_WINDOW = Setting.duration(
                    "errand.manager.crashLoop.window", Duration.ofMinutes(1))
            .doc("the window of `errand.manager.crashLoop.count`");

    static final Setting<Integer> DASHBOARD_PORT = Setting.integer("errand.manager.dashboard.port", 0, 0, 65535)
            .doc("serve the web dashboard from the manager on this port (with `errand-dashboard` on the class path, as"
                    + " the `errand` command has it), showing the groups, children and generations too; 0: none. The"
                    + " address and users are `errand.dashboard.*`");

    /** A group's settings, each read {@link Setting#at} the group's name. */
    static final List<Setting<?>> PER_GROUP =
            List.of(WORKERS, PROCESSES, THREADS, MAX_JOBS_PER_CHILD, QUEUES, JVM_OPTIONS);
    /** The settings of the whole manager. */
    static final List<Setting<?>> GLOBAL = List.of(
            GROUPS,
            PID_FILE,
            STATUS_FILE,
            LOG_FILE,
            TIMING_LOG,
            SHUTDOWN_GRACE,
            CRASH_BACKOFF,
            MAX_CRASH_BACKOFF,
            CRASH_LOOP_COUNT,
            CRASH_LOOP_WINDOW,
            DASHBOARD_PORT);

    public ManagerKeys() {
        // The groups, then a group's settings, then the rest.
        super(
                "errand-manager",
                "The worker manager",
                Stream.of(List.of(GROUPS), PER_GROUP, GLOBAL.subList(1, GLOBAL.size()))
                        .<Setting<?>>flatMap(List::stream)
                        .toList());
    }
}
