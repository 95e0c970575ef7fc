package dev.errand.manager;

import dev.errand.Errand;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.worker.Worker;
import dev.errand.worker.WorkerBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker process: {@code errand worker} in the foreground, or a child of the manager. It runs
 * the worker until a stop is asked — SIGTERM or SIGINT, or as a managed child a {@code stop} line
 * or end-of-file on standard input (the parent died) — or until the worker reached its job limit
 * and stopped by itself; it then lets the running jobs finish within the grace period and returns
 * 0. A managed child speaks {@link ChildProtocol} on {@code protocol}.
 */
public final class WorkerProcess {
    /** What runs: the checked classes and the worker's settings. */
    public record Plan(
            List<WorkerClasses.Checked> classes,
            int threads,
            List<String> queues,
            long maxJobs,
            Duration grace,
            boolean managed) {}

    private final Errand errand;
    private final Plan plan;
    private final PrintWriter protocol;
    private final PrintWriter console;
    private final CompletableFuture<String> stopReason = new CompletableFuture<>();

    public WorkerProcess(Errand errand, Plan plan, PrintWriter protocol, PrintWriter console) {
        this.errand = errand;
        this.plan = plan;
        this.protocol = protocol;
        this.console = console;
    }

    /**
     * The client a worker process with {@code threads} job threads runs on: the backend sizes a connection
     * pool whose size is not set for {@code errand.worker.threads}, so that becomes this worker's.
     */
    public static Errand client(ErrandConfig config, int threads) {
        return Errand.builder()
                .config(config.with(CoreKeys.WORKER_THREADS.key(), Integer.toString(threads)))
                .build();
    }

    /** SIGTERM and SIGINT stop the worker gracefully. */
    public void stopOnSignals() {
        Signals.handle("TERM", () -> requestStop("signal"));
        Signals.handle("INT", () -> requestStop("signal"));
    }

    /** Asks the worker to stop (from a signal handler, a test, or the stdin watcher). */
    public void requestStop(String reason) {
        stopReason.complete(reason);
    }

    /** Runs until stopped; returns the exit code. */
    public int run(InputStream stdin) throws InterruptedException {
        WorkerBuilder builder = errand.worker().threads(plan.threads()).shutdownGrace(plan.grace());
        plan.classes().forEach(c -> builder.register(c.type()));
        if (!plan.queues().isEmpty()) {
            builder.queues(plan.queues().toArray(String[]::new));
        }
        if (plan.maxJobs() > 0) {
            builder.maxJobs(plan.maxJobs());
        }
        if (plan.managed()) {
            builder.timingListener(line -> protocol.println(ChildProtocol.TIMING + " " + line));
        }
        Worker worker = builder.start();
        worker.stopped().thenRun(() -> stopReason.complete("limit"));
        ScheduledExecutorService reporter = null;
        if (plan.managed()) {
            protocol.println(ChildProtocol.READY + " " + worker.id());
            protocol.flush();
            watchParent(stdin);
            reporter = reportJobs(worker);
        } else {
            console.println(
                    "errand worker " + worker.id() + ": " + plan.classes().size() + " worker classes, "
                            + worker.threads() + " threads, queues " + String.join(",", worker.queues())
                            + (plan.maxJobs() > 0 ? ", stops after " + plan.maxJobs() + " jobs" : "")
                            + "; SIGTERM or Ctrl-C stops it gracefully");
            console.flush();
        }
        String reason;
        try {
            reason = stopReason.get();
        } catch (ExecutionException e) {
            reason = "error";
        }
        if (plan.managed()) {
            protocol.println(ChildProtocol.STOPPING + " " + reason);
            protocol.flush();
        }
        worker.close();
        if (reporter != null) {
            reporter.shutdownNow();
        }
        if (plan.managed()) {
            protocol.println(ChildProtocol.JOBS + " " + worker.jobsDone());
            protocol.println(ChildProtocol.STOPPED + " " + worker.jobsDone());
            protocol.flush();
        } else {
            console.println(
                    "errand worker " + worker.id() + " stopped (" + reason + ") after " + worker.jobsDone() + " jobs");
            console.flush();
        }
        return 0;
    }

    /** A daemon thread that stops the worker on a {@code stop} line or end of input: the parent's pipe. */
    private void watchParent(InputStream stdin) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.trim().equals(ChildProtocol.STOP)) {
                                requestStop("stop");
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // a broken pipe is a dead parent too
                    }
                    requestStop("parent-gone");
                },
                "errand-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private ScheduledExecutorService reportJobs(Worker worker) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "errand-jobs-report");
            t.setDaemon(true);
            return t;
        });
        AtomicLong last = new AtomicLong(-1);
        s.scheduleWithFixedDelay(
                () -> {
                    long done = worker.jobsDone();
                    if (last.getAndSet(done) != done) {
                        protocol.println(ChildProtocol.JOBS + " " + done);
                        protocol.flush();
                    }
                },
                200,
                200,
                TimeUnit.MILLISECONDS);
        return s;
    }
}
