package dev.errand.cli;

import dev.errand.Errand;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.manager.ConfigSource;
import dev.errand.manager.GroupConfig;
import dev.errand.manager.ManagerConfig;
import dev.errand.manager.WorkerClasses;
import dev.errand.manager.WorkerProcess;
import dev.errand.spi.Capability;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code errand worker}: one worker process in the foreground, for containers and systemd (one
 * process per container). {@code --managed} (hidden) speaks the manager's child protocol, like a child
 * of the manager ({@link dev.errand.manager.ChildMain}).
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run one worker process in the foreground until SIGTERM or Ctrl-C (then running jobs finish "
                    + "within the grace period), or until --max-jobs jobs are done. Name the classes with --workers, or a "
                    + "configured group with --group (its workers, threads, queues and maxJobsPerChild)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped gracefully", "1:bad configuration or worker class", "2:usage error"})
final class WorkerCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--workers",
            split = ",",
            paramLabel = "CLASS",
            description = "Fully qualified classes with @Job methods, comma-separated.")
    List<String> workers;

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            description = "Run the classes of errand.manager.group.GROUP.workers.")
    String group;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Job threads (default: the group's, else errand.worker.threads).")
    Integer threads;

    @Option(
            names = "--queues",
            split = ",",
            paramLabel = "QUEUE",
            description = "Queues to serve (default: the jobs' queues).")
    List<String> queues;

    @Option(
            names = "--max-jobs",
            paramLabel = "N",
            description = "Stop after this many jobs (default: the group's maxJobsPerChild; 0 = no limit).")
    Long maxJobs;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long running jobs may finish on stop (default: errand.worker.shutdownGrace).")
    Duration grace;

    @Option(
            names = "--managed",
            hidden = true,
            description = "Internal: a child of the manager (protocol on stdout, stops at end of stdin).")
    boolean managed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigSource source = config.source();
        ErrandConfig cfg = source.load();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<WorkerClasses.Checked> classes = new ArrayList<>();
        int n;
        long max;
        List<String> served;
        if (group != null) {
            GroupConfig g = ManagerConfig.from(cfg, ConfigOption.workDir()).group(group, cfg.source());
            List<WorkerClasses.Checked> all = WorkerClasses.check(g, loader);
            if (workers != null) {
                for (String w : workers) {
                    if (!g.workers().contains(w)) {
                        throw new ErrandConfigException("class " + w + " is not named in " + g.key("workers") + "="
                                + String.join(",", g.workers()) + " (from " + cfg.source()
                                + "); the manager runs only the worker classes its configuration names");
                    }
                }
                all.stream().filter(c -> workers.contains(c.type().getName())).forEach(classes::add);
            } else {
                classes.addAll(all);
            }
            n = threads != null ? threads : g.threads();
            max = maxJobs != null ? maxJobs : g.maxJobsPerChild();
            served = queues != null ? queues : g.queues();
        } else {
            if (workers == null || workers.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(), "say what to run: --workers CLASS,... or --group GROUP");
            }
            for (String w : workers) {
                classes.add(WorkerClasses.checkClass(w, "--workers", loader));
            }
            n = threads != null ? threads : CoreKeys.WORKER_THREADS.get(cfg);
            max = maxJobs != null ? maxJobs : 0;
            served = queues != null ? queues : List.of();
        }
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1 but was " + n);
        }
        if (max < 0) {
            throw new ParameterException(spec.commandLine(), "--max-jobs must be 0 (no limit) or more but was " + max);
        }
        Duration g = grace != null ? grace : CoreKeys.WORKER_SHUTDOWN_GRACE.get(cfg);
        try (Errand errand = WorkerProcess.client(cfg, n)) {
            if (!managed && !errand.backend().capabilities().contains(Capability.SHARED)) {
                err.println(
                        "errand worker: warning: the " + errand.backend().name() + " backend (" + CoreKeys.BACKEND
                                + ") is not shared between processes, so only jobs enqueued inside this process reach this worker");
            }
            WorkerProcess process =
                    new WorkerProcess(errand, new WorkerProcess.Plan(classes, n, served, max, g, managed), out, out);
            process.stopOnSignals();
            return process.run(main.stdin());
        }
    }
}
