package dev.errand.manager;

import dev.errand.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The prefork parent's loop: keeps {@code processes} children per group, replaces a child that
 * reached its job limit at once (a new generation), replaces a crashed one after a growing
 * backoff, pauses a group that crash-loops, rolls children over to a new configuration on reload
 * (new ones first; an old child stops only once a new one is ready), and on stop asks every
 * child to finish its jobs, killing those still running after the grace period.
 *
 * <p>One thread runs the loop and owns all state; child exits arrive through a queue, and the
 * stop and reload requests (from signal handlers) through flags. Every iteration waits at most
 * {@value #TICK_MILLIS} ms.
 */
final class Supervisor implements ChildProcess.Listener {
    static final long TICK_MILLIS = 100;
    /** How long after the grace period the parent waits for killed children before it gives up on them. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private static final class GroupState {
        GroupConfig config;
        final CrashTracker crashes;
        long generations;
        Instant nextStart = Instant.MIN;
        String startReason = "initial";
        boolean paused;
        boolean removed;
        String note = "";

        GroupState(GroupConfig config, ManagerConfig m) {
            this.config = config;
            this.crashes =
                    new CrashTracker(m.crashBackoff(), m.maxCrashBackoff(), m.crashLoopCount(), m.crashLoopWindow());
        }
    }

    private final ChildLauncher launcher;
    private final ManagerLog log;
    private final TimingSink timing;
    private final ControlChannel control;
    private final Clock clock;
    private final Supplier<Preflight> reloader;
    private final String configName;
    private final long pid = ProcessHandle.current().pid();
    private final Instant startedAt;
    private final LinkedBlockingQueue<ChildProcess> exits = new LinkedBlockingQueue<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean reloadRequested = new AtomicBoolean();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final List<ChildProcess> children = new ArrayList<>();
    private ManagerConfig manager;
    private int configVersion = 1;
    private boolean stopping;
    private Instant killAt;
    private boolean killed;
    private ManagerStatus lastStatus;

    Supervisor(
            Preflight preflight,
            ChildLauncher launcher,
            ManagerLog log,
            TimingSink timing,
            ControlChannel control,
            Clock clock,
            Supplier<Preflight> reloader,
            String configName) {
        this.manager = preflight.manager();
        this.launcher = launcher;
        this.log = log;
        this.timing = timing;
        this.control = control;
        this.clock = clock;
        this.reloader = reloader;
        this.configName = configName;
        this.startedAt = clock.instant();
        manager.groups().forEach(g -> groups.put(g.name(), new GroupState(g, manager)));
    }

    /** From a signal handler or a test: stop gracefully. */
    void requestStop() {
        stopRequested.set(true);
    }

    /** From a signal handler: re-read the configuration and roll the children over. */
    void requestReload() {
        reloadRequested.set(true);
    }

    /** A reload request file ({@code errand manager reload}) counts as SIGHUP; it is deleted when seen. */
    private void pickUpReloadRequest() {
        try {
            if (Files.deleteIfExists(ControlChannel.reloadRequest(manager.pidFile()))) {
                reloadRequested.set(true);
            }
        } catch (IOException e) {
            log.event("warning", "cannot read the reload request beside " + manager.pidFile() + ": " + e.getMessage());
        }
    }

    /** Runs until stopped; returns the exit code (0). */
    int run() throws InterruptedException {
        log.event(
                "manager-start",
                "pid=" + pid + " config=" + configName + " groups=" + groupSummary() + " pid_file=" + manager.pidFile()
                        + " timing_log=" + manager.timingLog());
        while (true) {
            ChildProcess exited = exits.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
            while (exited != null) {
                onExit(exited);
                exited = exits.poll();
            }
            pickUpReloadRequest();
            if (stopRequested.get() && !stopping) {
                beginStop();
            } else if (!stopping && reloadRequested.getAndSet(false)) {
                reload();
            }
            if (stopping) {
                if (children.isEmpty()) {
                    break;
                }
                Instant now = clock.instant();
                if (!killed && now.isAfter(killAt)) {
                    killed = true;
                    for (ChildProcess c : children) {
                        log.event(
                                "kill",
                                c + " reason=still running after the grace period of "
                                        + Durations.format(manager.shutdownGrace()));
                        c.kill();
                    }
                }
                if (killed && now.isAfter(killAt.plus(KILL_WAIT))) {
                    log.event(
                            "give-up",
                            "children="
                                    + children.stream()
                                            .map(c -> Long.toString(c.pid()))
                                            .toList() + " did not exit after SIGKILL");
                    break;
                }
            } else {
                reconcile();
            }
            writeStatus();
        }
        log.event("stopped", "pid=" + pid + " uptime=" + seconds(Duration.between(startedAt, clock.instant())));
        return 0;
    }

    // ---- children ------------------------------------------------------------------------------

    private void reconcile() {
        Instant now = clock.instant();
        for (GroupState g : groups.values()) {
            int desired = g.removed ? 0 : g.config.processes();
            List<ChildProcess> fresh = new ArrayList<>();
            List<ChildProcess> old = new ArrayList<>();
            for (ChildProcess c : children) {
                if (c.group.equals(g.config.name()) && !c.stopRequested) {
                    (c.configVersion == configVersion ? fresh : old).add(c);
                }
            }
            if (!g.paused && !g.removed && fresh.size() < desired && !now.isBefore(g.nextStart)) {
                for (int i = fresh.size(); i < desired; i++) {
                    ChildProcess c = start(g);
                    if (c == null) {
                        break;
                    }
                    fresh.add(c);
                }
                g.startReason = "replace";
            }
            long readyFresh = fresh.stream()
                    .filter(c -> c.state == ChildProcess.State.READY)
                    .count();
            long allowedOld = Math.max(0, desired - readyFresh);
            old.sort(Comparator.comparing(c -> c.startedAt));
            while (old.size() > allowedOld) {
                ChildProcess c = old.remove(0);
                log.event("stop-old", c + " reason=reload config_version=" + c.configVersion + "→" + configVersion);
                c.requestStop();
            }
        }
        groups.values().removeIf(g -> g.removed && children.stream().noneMatch(c -> c.group.equals(g.config.name())));
    }

    private ChildProcess start(GroupState g) {
        long generation = ++g.generations;
        try {
            ChildProcess c = launcher.start(g.config, generation, configVersion, manager.shutdownGrace(), this);
            children.add(c);
            c.process().onExit().thenRun(() -> exits.add(c));
            log.event("start", c + " reason=" + g.startReason);
            return c;
        } catch (IOException | RuntimeException e) {
            log.event(
                    "start-failed",
                    "group=" + g.config.name() + " generation=" + generation + " error=" + e.getMessage());
            crashed(g, clock.instant());
            return null;
        }
    }

    private void onExit(ChildProcess c) throws InterruptedException {
        c.awaitOutput(2000);
        children.remove(c);
        GroupState g = groups.get(c.group);
        int code = c.process().exitValue();
        Instant now = clock.instant();
        String details =
                c + " exit=" + code + " jobs=" + c.jobsDone + " uptime=" + seconds(Duration.between(c.startedAt, now));
        if (stopping || c.stopRequested || g == null) {
            log.event("exit", details + " reason=" + (stopping ? "stop" : "reload"));
        } else if (code == 0) {
            boolean recycled = c.stopReason.equals("limit");
            log.event(
                    recycled ? "recycle" : "exit",
                    details + " reason=" + (c.stopReason.isEmpty() ? "exited" : c.stopReason)
                            + (recycled ? " limit=" + g.config.maxJobsPerChild() : ""));
            g.startReason = recycled ? "recycle" : "replace";
        } else {
            log.event("crash", details);
            crashed(g, now);
        }
    }

    private void crashed(GroupState g, Instant now) {
        int n = g.crashes.crashed(now);
        if (g.crashes.isLoop()) {
            g.paused = true;
            g.note = "crash loop: " + n + " crashes within " + Durations.format(g.crashes.window())
                    + "; fix the cause (see the child output above), then run 'errand manager reload'";
            log.event(
                    "crash-loop",
                    "group=" + g.config.name() + " crashes=" + n + " window="
                            + Durations.format(g.crashes.window())
                            + " — the group is paused and not restarted; fix the cause, "
                            + "then run 'errand manager reload' (or SIGHUP)");
        } else {
            Duration backoff = g.crashes.backoff();
            g.nextStart = now.plus(backoff);
            g.startReason = "restart";
            log.event(
                    "backoff",
                    "group=" + g.config.name() + " crashes_in_window=" + n + " restart_in="
                            + Durations.format(backoff));
        }
    }

    // ---- stop and reload --------------------------------------------------------------------

    private void beginStop() {
        stopping = true;
        killAt = clock.instant().plus(manager.shutdownGrace()).plus(Duration.ofSeconds(5));
        log.event(
                "stopping",
                "children=" + children.size() + " grace=" + Durations.format(manager.shutdownGrace())
                        + " — children stop claiming and finish their running jobs");
        children.forEach(ChildProcess::requestStop);
    }

    private void reload() {
        log.event("reload", "reading " + configName);
        Preflight p;
        try {
            p = reloader.get();
        } catch (RuntimeException e) {
            log.event(
                    "reload-failed",
                    e.getMessage() + " — keeping the running configuration (version " + configVersion + ")");
            return;
        }
        ManagerConfig next = p.manager();
        if (!next.pidFile().equals(manager.pidFile())
                || !next.logFile().equals(manager.logFile())
                || !next.timingLog().equals(manager.timingLog())
                || !next.statusFile().equals(manager.statusFile())) {
            log.event(
                    "reload-note", "pidFile, statusFile, logFile and timingLog changes take effect at the next start");
        }
        ManagerConfig kept = new ManagerConfig(
                next.groups(),
                manager.pidFile(),
                manager.statusFile(),
                manager.logFile(),
                manager.timingLog(),
                next.shutdownGrace(),
                next.crashBackoff(),
                next.maxCrashBackoff(),
                next.crashLoopCount(),
                next.crashLoopWindow());
        manager = kept;
        configVersion++;
        for (GroupState g : groups.values()) {
            g.removed = true;
        }
        for (GroupConfig gc : kept.groups()) {
            GroupState g = groups.get(gc.name());
            if (g == null) {
                g = new GroupState(gc, kept);
                groups.put(gc.name(), g);
            } else {
                g.config = gc;
                g.crashes.reset();
            }
            g.removed = false;
            g.paused = false;
            g.note = "";
            g.nextStart = Instant.MIN;
            g.startReason = "reload";
        }
        log.event(
                "reload",
                "config_version=" + configVersion + " groups=" + groupSummary() + " rolling_restart=" + children.size()
                        + " children (each old child stops once a new one is ready)");
    }

    // ---- listener (reader threads) -----------------------------------------------------------

    @Override
    public void timing(String line) {
        timing.append(line);
    }

    @Override
    public void output(ChildProcess child, String stream, String line) {
        log.event("child", "group=" + child.group + " pid=" + child.pid() + " " + stream + ": " + line);
    }

    @Override
    public void ready(ChildProcess child) {
        log.event("ready", child.toString());
    }

    // ---- status -----------------------------------------------------------------------------

    private void writeStatus() {
        List<ManagerStatus.Group> gs = new ArrayList<>();
        for (GroupState g : groups.values()) {
            List<ManagerStatus.Child> cs = new ArrayList<>();
            for (ChildProcess c : children) {
                if (c.group.equals(g.config.name())) {
                    cs.add(new ManagerStatus.Child(
                            c.pid(),
                            c.generation,
                            c.state.name().toLowerCase(Locale.ROOT),
                            c.jobsDone,
                            c.startedAt.truncatedTo(ChronoUnit.MILLIS).toString()));
                }
            }
            String state = g.removed ? "removed" : g.paused ? "paused" : "running";
            gs.add(new ManagerStatus.Group(
                    g.config.name(),
                    g.config.processes(),
                    g.config.threads(),
                    g.config.maxJobsPerChild(),
                    state,
                    g.note,
                    cs));
        }
        ManagerStatus status = new ManagerStatus(
                pid,
                startedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                "",
                configName,
                configVersion,
                stopping ? "stopping" : "running",
                gs);
        if (status.equals(lastStatus)) {
            return;
        }
        lastStatus = status;
        try {
            control.write(new ManagerStatus(
                    status.pid(),
                    status.startedAt(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(),
                    status.config(),
                    status.configVersion(),
                    status.state(),
                    status.groups()));
        } catch (IOException e) {
            log.event("status-error", "cannot write " + control.statusFile() + ": " + e.getMessage());
        }
    }

    private String groupSummary() {
        List<String> parts = new ArrayList<>();
        for (GroupConfig g : manager.groups()) {
            parts.add(g.name() + "(processes=" + g.processes() + ",threads=" + g.threads() + ",maxJobsPerChild="
                    + g.maxJobsPerChild() + ")");
        }
        return String.join(",", parts);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
