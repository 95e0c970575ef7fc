package dev.errand.manager;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs the manager in this process after its configuration passed the {@link Preflight}: claims
 * the pid file (refusing when a live manager holds it, replacing a stale one), opens the manager
 * log and the timing log, installs the signal handlers (TERM and INT stop, HUP reloads) and runs
 * the {@link Supervisor} until it stops; then removes the pid and status files.
 */
public final class ManagerRunner {
    private ManagerRunner() {}

    /**
     * @param detached true in a daemon: log to the log file only (stdout is redirected there anyway)
     */
    public static int run(Preflight preflight, ConfigSource source, Path workDir, boolean detached, PrintWriter console)
            throws Exception {
        ManagerConfig m = preflight.manager();
        long self = ProcessHandle.current().pid();
        PidFile pidFile = new PidFile(m.pidFile());
        Optional<Long> stale;
        try {
            stale = pidFile.claim(self);
        } catch (IllegalStateException e) {
            throw new ManagerException(e.getMessage());
        }
        Clock clock = Clock.systemUTC();
        ControlChannel control = new ControlChannel(m.statusFile());
        try (ManagerLog log = new ManagerLog(
                        clock, detached ? Optional.of(m.daemonLogFile()) : m.logFile(), detached ? null : console);
                TimingSink timing = new TimingSink(m.timingLog(), log);
                AutoCloseable dashboard = ManagerDashboard.startIfAsked(
                        preflight.config(), m, Thread.currentThread().getContextClassLoader())) {
            stale.ifPresent(pid -> log.event(
                    "stale-pid-file",
                    "file=" + m.pidFile() + " named pid " + pid + ", which is not running; replaced it"));
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Supervisor supervisor = new Supervisor(
                    preflight,
                    new ChildLauncher(source, clock),
                    log,
                    timing,
                    control,
                    clock,
                    () -> Preflight.check(source, workDir, loader),
                    source.describe());
            boolean signals = Signals.handle("TERM", supervisor::requestStop);
            Signals.handle("INT", supervisor::requestStop);
            if (!signals) {
                log.event(
                        "warning",
                        "this JVM does not let the manager handle SIGTERM; 'errand manager stop' may not work");
            }
            if (!Signals.handle("HUP", supervisor::requestReload)) {
                log.event(
                        "warning",
                        "SIGHUP does not reach the manager (started under nohup, or the JVM reserves it): reload with"
                                + " 'errand manager reload', which does not need it");
            }
            return supervisor.run();
        } finally {
            control.remove();
            pidFile.release(self);
        }
    }
}
