package dev.errand.cli;

import dev.errand.Errand;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand job ID}: what the backend knows about one job. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = {
            "Show a job: name, queue, state, attempts, times and its last error; -v adds every attempt's error with its stack trace."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no such job (or its retention ended)", "2:usage error"})
final class JobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", description = "The job id that enqueue printed.")
    String id;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show the whole error history with stack traces.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (id.isBlank()) {
            err.println("errand job: the job id is empty");
            return ExitCodes.FAILED;
        }
        try (Errand errand = Clients.open(config.source(), "job")) {
            Optional<JobInfo> found = errand.job(JobId.of(id.trim()));
            if (found.isEmpty()) {
                err.println("errand job: no job " + id + " in the "
                        + errand.backend().name() + " backend: it never existed, "
                        + "or it finished longer ago than the retention");
                return ExitCodes.FAILED;
            }
            JobInfo j = found.get();
            out.println("job " + j.id() + ": " + j.name() + " on queue " + j.queue());
            row(out, "state", j.state().name());
            row(out, "attempts", j.attempt() + " of " + j.maxAttempts());
            row(out, "priority", Integer.toString(j.priority()));
            row(out, "enqueued", j.enqueuedAt().toString());
            row(out, "run at", j.runAt().toString());
            j.finishedAt().ifPresent(t -> row(out, "finished", t.toString()));
            j.uniqueKey().ifPresent(k -> row(out, "unique key", k));
            List<JobError> errors = j.errors();
            if (errors.isEmpty()) {
                row(out, "errors", "none");
            } else if (!verbose) {
                row(out, "last error", errors.get(errors.size() - 1).toString());
                if (errors.size() > 1) {
                    row(out, "errors", errors.size() + " (see all with -v)");
                }
            } else {
                out.println("errors (" + errors.size() + "):");
                for (JobError e : errors) {
                    out.println("  " + e);
                    if (!e.stackTrace().isEmpty()) {
                        e.stackTrace().lines().forEach(l -> out.println("      " + l));
                    }
                }
            }
            return ExitCodes.OK;
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(String.format("  %-11s %s", label, value));
    }
}
