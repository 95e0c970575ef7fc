package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand retry ID | --dead [--name --queue]}: runs dead or cancelled jobs again now. */
@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = {
            "Run a DEAD or CANCELLED job again now, with as many further attempts as it had and its errors "
                    + "kept; or, with --dead, every dead job (of a job name and/or queue) in one call."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:retried (with --dead: also when none was dead)",
            "1:no such job, or it is not dead or cancelled, or the backend cannot be reached",
            "2:usage error"
        })
final class RetryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The job to retry.")
    String id;

    @Option(names = "--dead", description = "Retry every DEAD job instead (narrowed by --name and --queue).")
    boolean dead;

    @Option(names = "--name", paramLabel = "JOB", description = "With --dead: only jobs of this @Job name.")
    String name;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "With --dead: only jobs of this queue.")
    String queue;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dead == (id != null) || (!dead && (name != null || queue != null))) {
            err.println("errand retry: give either a job ID, or --dead with optional --name and --queue");
            return ExitCodes.USAGE;
        }
        try (Errand errand = Clients.open(config.source(), "retry")) {
            if (dead) {
                int n = errand.admin().retryDead(name, queue);
                String scope = (name == null ? "" : " of " + name) + (queue == null ? "" : " on queue " + queue);
                if (json) {
                    out.println(new ObjectMapper()
                            .createObjectNode()
                            .put("retried", n)
                            .put("name", name)
                            .put("queue", queue)
                            .toPrettyString());
                } else {
                    out.println(
                            n == 0
                                    ? "no dead jobs" + scope
                                    : "retried " + n + " dead job" + (n == 1 ? "" : "s") + scope + ": AVAILABLE now");
                }
                return ExitCodes.OK;
            }
            JobId job = JobId.of(id.trim());
            boolean retried;
            try {
                retried = errand.admin().retry(job);
            } catch (IllegalStateException e) {
                err.println("errand retry: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (!retried) {
                err.println("errand retry: no job " + id + " in the "
                        + errand.backend().name() + " backend: it never "
                        + "existed, or it finished longer ago than the retention");
                return ExitCodes.FAILED;
            }
            JobInfo j = errand.admin().job(job).orElseThrow();
            if (json) {
                out.println(new ObjectMapper()
                        .createObjectNode()
                        .put("id", j.id().value())
                        .put("state", j.state().name())
                        .put("attempt", j.attempt())
                        .put("max_attempts", j.maxAttempts())
                        .toPrettyString());
            } else {
                out.println("retried job " + j.id() + " (" + j.name() + " on queue " + j.queue() + "): " + j.state()
                        + ", " + j.attempt() + " of " + j.maxAttempts() + " attempts used, "
                        + j.errors().size()
                        + " earlier error" + (j.errors().size() == 1 ? "" : "s") + " kept");
            }
            return ExitCodes.OK;
        }
    }
}
