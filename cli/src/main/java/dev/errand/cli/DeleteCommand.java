package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand delete ID}: deletes a job that is not running. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {"Delete a job with its errors and result. A RUNNING job is refused: its worker still holds it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:deleted",
            "1:no such job, or it is running, or the backend cannot be reached",
            "2:usage error"
        })
final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", description = "The job to delete.")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Errand errand = Clients.open(config.source(), "delete")) {
            JobId job = JobId.of(id.trim());
            Optional<JobInfo> before = errand.admin().job(job);
            boolean deleted;
            try {
                deleted = errand.admin().delete(job);
            } catch (IllegalStateException e) {
                err.println("errand delete: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (!deleted) {
                err.println("errand delete: no job " + id + " in the "
                        + errand.backend().name() + " backend");
                return ExitCodes.FAILED;
            }
            if (json) {
                out.println(new ObjectMapper()
                        .createObjectNode()
                        .put("deleted", job.value())
                        .put("state", before.map(j -> j.state().name()).orElse(null))
                        .toPrettyString());
            } else {
                out.println("deleted job " + job
                        + before.map(j -> " (" + j.name() + " on queue " + j.queue() + ", " + j.state() + ")")
                                .orElse(""));
            }
            return ExitCodes.OK;
        }
    }
}
