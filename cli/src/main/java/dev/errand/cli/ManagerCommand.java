package dev.errand.cli;

import dev.errand.config.Durations;
import dev.errand.manager.ConfigSource;
import dev.errand.manager.ControlChannel;
import dev.errand.manager.Daemonizer;
import dev.errand.manager.ManagerConfig;
import dev.errand.manager.ManagerException;
import dev.errand.manager.ManagerRunner;
import dev.errand.manager.ManagerStatus;
import dev.errand.manager.PidFile;
import dev.errand.manager.Preflight;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errand manager start|stop|status|reload}: the prefork worker manager. */
@Command(
        name = "manager",
        mixinStandardHelpOptions = true,
        description = {
            "Run and control the worker manager: it keeps errand.manager.group.<g>.processes child JVMs per group "
                    + "running the group's worker classes, replaces a child after maxJobsPerChild jobs, restarts crashed ones "
                    + "with a backoff, and writes the manager log and the timing log."
        },
        subcommands = {
            ManagerCommand.Start.class,
            ManagerCommand.Stop.class,
            ManagerCommand.Status.class,
            ManagerCommand.Reload.class
        })
final class ManagerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "Missing command: say which, e.g. errand manager start");
    }

    /** The pid file named by the configuration (the only manager setting stop/status/reload need). */
    static ManagerConfig config(ConfigSource source) {
        return ManagerConfig.from(source.load(), ConfigOption.workDir());
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = {
                "Check the configuration, then run the manager: in the foreground (logs on standard output; "
                        + "Ctrl-C or SIGTERM stops it) or, with --daemon, detached in the background (log in "
                        + "errand.manager.logFile). Refuses to start when a live manager holds the pid file."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:started (--daemon) or stopped cleanly",
                "1:bad configuration, or a manager is already running",
                "2:usage error"
            })
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Option(
                names = "--daemon",
                description =
                        "Detach from the terminal: run in the background, write the pid file, log to the log file.")
        boolean daemon;

        @Option(names = "--detached", hidden = true, description = "Internal: this is the relaunched daemon.")
        boolean detached;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConfigSource source = config.source();
            Preflight preflight = Preflight.check(
                    source, ConfigOption.workDir(), Thread.currentThread().getContextClassLoader());
            ManagerConfig m = preflight.manager();
            PidFile pidFile = new PidFile(m.pidFile());
            Optional<ProcessHandle> owner = pidFile.liveOwner();
            if (owner.isPresent()
                    && owner.get().pid() != ProcessHandle.current().pid()) {
                throw new ManagerException(
                        "a manager is already running with pid " + owner.get().pid() + " (pid file " + m.pidFile()
                                + "); stop it with 'errand manager stop', or set errand.manager.pidFile to run another one");
            }
            if (daemon && !detached) {
                List<String> relaunch =
                        new ArrayList<>(List.of(Main.class.getName(), "manager", "start", "--detached"));
                source.file().ifPresent(f -> relaunch.addAll(List.of("--config", f.toString())));
                return Daemonizer.start(m, relaunch, out, err);
            }
            return ManagerRunner.run(preflight, source, ConfigOption.workDir(), detached, out);
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = {
                "Stop the running manager (SIGTERM to the pid in the pid file): children stop claiming, finish "
                        + "their running jobs within errand.manager.shutdownGrace, and are killed after it; then the pid file "
                        + "is removed. Waits until the manager has exited."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped", "1:not running, or still running after --timeout", "2:usage error"})
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "How long to wait for the manager to exit (default: the shutdown grace plus 30 s).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ManagerConfig m = config(config.source());
            PidFile pidFile = new PidFile(m.pidFile());
            Optional<ProcessHandle> owner = pidFile.liveOwner();
            if (owner.isEmpty()) {
                boolean stale = pidFile.removeIfStale();
                err.println("errand manager stop: no manager is running ("
                        + (stale ? "removed the stale pid file " : "no pid file ") + m.pidFile() + ")");
                return ExitCodes.FAILED;
            }
            long pid = owner.get().pid();
            Duration wait = timeout != null ? timeout : m.shutdownGrace().plusSeconds(30);
            out.println("stopping the manager (pid " + pid + "): children finish their running jobs within "
                    + Durations.format(m.shutdownGrace()));
            ControlChannel.stop(pid);
            if (!owner.get()
                    .onExit()
                    .thenApply(p -> true)
                    .completeOnTimeout(false, wait.toMillis(), TimeUnit.MILLISECONDS)
                    .get()) {
                err.println("errand manager stop: the manager (pid " + pid + ") is still running after "
                        + Durations.format(wait) + "; see its log, or kill it with 'kill -9 " + pid
                        + "' (its children stop when it dies)");
                return ExitCodes.FAILED;
            }
            pidFile.removeIfStale();
            out.println("stopped");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Show the running manager: groups, and per child its pid, generation, state, jobs done and uptime."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:running", "1:not running", "2:usage error"})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ManagerConfig m = config(config.source());
            PidFile pidFile = new PidFile(m.pidFile());
            Optional<ProcessHandle> owner = pidFile.liveOwner();
            if (owner.isEmpty()) {
                err.println("errand manager status: not running ("
                        + (pidFile.exists() ? "stale pid file " : "no pid file ") + m.pidFile() + ")");
                return ExitCodes.FAILED;
            }
            Optional<ManagerStatus> status = new ControlChannel(m.statusFile()).read();
            if (status.isEmpty() || status.get().pid() != owner.get().pid()) {
                out.println("errand manager: running, pid " + owner.get().pid() + "; starting up (no status in "
                        + m.statusFile() + " yet)");
                return ExitCodes.OK;
            }
            if (json) {
                out.println(ControlChannel.toJson(status.get()));
            } else {
                StatusView.print(status.get(), Instant.now(), out);
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "reload",
            mixinStandardHelpOptions = true,
            description = {
                "Check the configuration file, then tell the running manager to re-read it (a request file beside its "
                        + "pid file; SIGHUP does the same): it starts children with the new configuration and stops each old "
                        + "child, gracefully, once a new one is ready."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:reload requested",
                "1:not running, or the configuration has an error (nothing changed)",
                "2:usage error"
            })
    static final class Reload implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConfigSource source = config.source();
            Preflight preflight = Preflight.check(
                    source, ConfigOption.workDir(), Thread.currentThread().getContextClassLoader());
            PidFile pidFile = new PidFile(preflight.manager().pidFile());
            Optional<ProcessHandle> owner = pidFile.liveOwner();
            if (owner.isEmpty()) {
                err.println("errand manager reload: no manager is running (pid file "
                        + preflight.manager().pidFile() + ")");
                return ExitCodes.FAILED;
            }
            try {
                ControlChannel.requestReload(preflight.manager().pidFile());
            } catch (IOException e) {
                err.println("errand manager reload: could not write the reload request "
                        + ControlChannel.reloadRequest(preflight.manager().pidFile()) + " for pid "
                        + owner.get().pid() + ": " + e.getMessage() + "; or send it SIGHUP");
                return ExitCodes.FAILED;
            }
            out.println("asked the manager (pid " + owner.get().pid() + ") to reload " + source.describe()
                    + "; the manager log shows the rolling restart");
            return ExitCodes.OK;
        }
    }
}
