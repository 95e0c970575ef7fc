package dev.errand.manager;

import dev.errand.Errand;
import dev.errand.config.Durations;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The entry point of a child JVM of the manager ({@link ChildLauncher} starts it):
 * {@code ChildMain --group G --grace DURATION}, with the configuration file in {@code -Derrand.config}.
 * It runs the group's worker classes, threads, queues and job limit as a managed {@link WorkerProcess}:
 * {@link ChildProtocol} on standard output, a graceful stop on a {@code stop} line, on end of standard
 * input (the parent died), on SIGTERM or SIGINT; then exit code 0.
 *
 * <p>To the operator a child is an {@code errand worker}: a bad configuration or worker class is one line
 * {@code errand worker: <message>} on standard error (the manager log shows it) and exit code 1, which the
 * manager counts as a crash; any other failure adds its stack trace.
 */
public final class ChildMain {
    private static final String NAME = "errand worker";
    static final int FAILED = 1;
    static final int USAGE = 2;

    private ChildMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs a child with the given streams (UTF-8) and returns its exit code. */
    static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            if (args.length != 4 || !args[0].equals("--group") || !args[2].equals("--grace")) {
                e.println(NAME + ": a child of the manager takes --group GROUP --grace DURATION, not "
                        + String.join(" ", args));
                return USAGE;
            }
            return run(args[1], Durations.parse(args[3]), in, o);
        } catch (ErrandConfigException | ManagerException ex) {
            e.println(NAME + ": " + ex.getMessage());
            return FAILED;
        } catch (Exception ex) {
            e.println(NAME + ": " + ex);
            ex.printStackTrace(e);
            return FAILED;
        } finally {
            o.flush();
            e.flush();
        }
    }

    private static int run(String name, Duration grace, InputStream in, PrintWriter out) throws InterruptedException {
        ErrandConfig cfg = ConfigSource.resolve(null).load();
        GroupConfig group =
                ManagerConfig.from(cfg, Path.of("").toAbsolutePath()).group(name, cfg.source());
        WorkerProcess.Plan plan = new WorkerProcess.Plan(
                WorkerClasses.check(group, Thread.currentThread().getContextClassLoader()),
                group.threads(),
                group.queues(),
                group.maxJobsPerChild(),
                grace,
                true);
        try (Errand errand = WorkerProcess.client(cfg, plan.threads())) {
            WorkerProcess process = new WorkerProcess(errand, plan, out, out);
            process.stopOnSignals();
            return process.run(in);
        }
    }
}
