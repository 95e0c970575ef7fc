package dev.errand.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.codec.CodecException;
import dev.errand.config.Durations;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.manager.ManagerException;
import dev.errand.spi.Outcome;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand enqueue FN 'JSON-ARGS'}: submit a job from the shell. */
@Command(
        name = "enqueue",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Enqueue the job named FN (as @Job names it, e.g. BookmarkService.fetchSummary) with its arguments "
                    + "as JSON: an array in parameter order, an object by parameter name, or the bare value of a one-parameter "
                    + "job. The arguments are checked against the declared parameter types first. Prints the job id; with "
                    + "--wait, then the outcome and the result as JSON. The job classes must be on the class path "
                    + "(ERRAND_CLASSPATH)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:enqueued (with --wait: succeeded)",
            "1:unknown job, arguments that do not fit, or (with --wait) "
                    + "the job ended dead or cancelled or the wait timed out",
            "2:usage error"
        })
final class EnqueueCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "FN", description = "The job's name.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "JSON-ARGS",
            defaultValue = "[]",
            description = "The arguments as JSON (default: [] for a job without parameters).")
    String args;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Enqueue on this queue instead of the job's.")
    String queue;

    @Option(
            names = "--delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Run no earlier than this from now (e.g. 5m).")
    Duration delay;

    @Option(names = "--priority", paramLabel = "N", description = "Higher runs first (default: the job's).")
    Integer priority;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            description = "Attempts before the job is dead (default: the job's).")
    Integer maxAttempts;

    @Option(
            names = "--unique-key",
            paramLabel = "KEY",
            description = "Store nothing while a job of this name with this key is queued or running.")
    String uniqueKey;

    @Option(names = "--wait", description = "Wait for the job to finish and print its outcome.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "5m",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobCatalog catalog = JobCatalog.load(Thread.currentThread().getContextClassLoader());
        JobDefinition<?> job = catalog.find(name)
                .orElseThrow(() -> new ManagerException(
                        catalog.isEmpty()
                                ? "no job named " + name
                                        + ": no @Job classes are on the class path; add the application's jars (ERRAND_CLASSPATH)"
                                : "no job named " + name + " on the class path; known jobs: "
                                        + String.join(", ", catalog.names())));
        byte[] payload = payload(job);
        try (Errand errand = Clients.open(config.source(), "enqueue")) {
            Object[] values;
            try {
                values = errand.codec().decodeArguments(job, payload);
            } catch (CodecException e) {
                throw new ManagerException(e.getMessage() + "; " + job.name() + " takes " + job.signature());
            }
            JobCall<?> call = errand.newCall(job, values);
            if (queue != null) {
                call.queue(queue);
            }
            if (delay != null) {
                call.delay(delay);
            }
            if (priority != null) {
                call.priority(priority);
            }
            if (maxAttempts != null) {
                call.maxAttempts(maxAttempts);
            }
            if (uniqueKey != null) {
                call.uniqueKey(uniqueKey);
            }
            JobId id = call.enqueue();
            out.println(id);
            out.flush();
            if (!await) {
                return ExitCodes.OK;
            }
            return awaitOutcome(errand, job, id, out, err);
        }
    }

    private int awaitOutcome(Errand errand, JobDefinition<?> job, JobId id, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        Outcome outcome;
        try {
            outcome = errand.backend().outcome(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            err.println("errand enqueue: job " + job.name() + " (id " + id + ") did not finish within "
                    + Durations.format(timeout) + "; it stays queued: is a worker serving queue "
                    + (queue != null ? queue : job.queue()) + "? See 'errand job " + id + "'");
            return ExitCodes.FAILED;
        } catch (ExecutionException e) {
            throw new ManagerException(
                    "cannot wait for job " + id + ": " + e.getCause().getMessage(), e.getCause());
        }
        switch (outcome.state()) {
            case SUCCEEDED -> {
                out.println("succeeded: "
                        + (outcome.result() == null ? "null" : new String(outcome.result(), StandardCharsets.UTF_8)));
                return ExitCodes.OK;
            }
            case DEAD -> {
                JobError e = outcome.error();
                out.println("dead: " + (e == null ? "no error recorded" : e));
                return ExitCodes.FAILED;
            }
            default -> {
                out.println("cancelled");
                return ExitCodes.FAILED;
            }
        }
    }

    /** The arguments as the codec's JSON array: from an array, an object by parameter name, or a bare value. */
    private byte[] payload(JobDefinition<?> job) {
        JsonNode node;
        try {
            node = JSON.readTree(args);
        } catch (JsonProcessingException e) {
            throw new ManagerException("JSON-ARGS is not valid JSON (" + e.getOriginalMessage() + "): " + args
                    + "; write the arguments of " + job.name() + job.signature()
                    + " as a JSON array, e.g. '[\"https://example.com\", 5]'");
        }
        if (node == null || node.isMissingNode()) {
            throw new ManagerException(
                    "JSON-ARGS is empty; write the arguments of " + job.name() + job.signature() + " as a JSON array");
        }
        List<String> names = job.parameterNames();
        ArrayNode array;
        if (node.isArray()) {
            array = (ArrayNode) node;
        } else if (node.isObject() && !(names.size() == 1 && !node.has(names.get(0)))) {
            array = JSON.createArrayNode();
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!names.contains(field)) {
                    unknown.add(field);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ManagerException("job " + job.name() + " has no parameter named " + String.join(", ", unknown)
                        + "; its parameters are " + job.signature());
            }
            for (String p : names) {
                if (!node.has(p)) {
                    throw new ManagerException(
                            "argument '" + p + "' of job " + job.name() + " is missing; it takes " + job.signature());
                }
                array.add(node.get(p));
            }
        } else if (names.size() == 1) {
            array = JSON.createArrayNode().add(node);
        } else {
            throw new ManagerException("job " + job.name() + " takes " + names.size() + " arguments " + job.signature()
                    + "; write them as a JSON array or an object by parameter name, not " + args);
        }
        return array.toString().getBytes(StandardCharsets.UTF_8);
    }
}
