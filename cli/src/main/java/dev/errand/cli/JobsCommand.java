package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.errand.Errand;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errand jobs}: one page of jobs, filtered, newest first, with the cursors of the pages around it. */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
            "List jobs, newest enqueued first: id, state, queue, job name, attempts, enqueue time and last "
                    + "error. Filter by --state (repeatable), --queue and --name; page with the --after or --before cursor "
                    + "printed under the list. Each page reads only its own rows, at any depth."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:shown (also when no job matches)",
            "1:the backend cannot be read, or a bad cursor",
            "2:usage error"
        })
final class JobsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only jobs in this state (repeatable): " + "${COMPLETION-CANDIDATES}.")
    List<JobState> states = new ArrayList<>();

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only jobs of this queue.")
    String queue;

    @Option(names = "--name", paramLabel = "JOB", description = "Only jobs of this @Job name, e.g. Mailer.send.")
    String name;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "Jobs per page, 1 to " + JobQuery.MAX_LIMIT + " (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--oldest-first", description = "Oldest enqueued first.")
    boolean oldestFirst;

    @ArgGroup(exclusive = true)
    Page page;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    static final class Page {
        @Option(
                names = "--after",
                paramLabel = "CURSOR",
                description = "The page after the one that printed this cursor.")
        String after;

        @Option(
                names = "--before",
                paramLabel = "CURSOR",
                description = "The page before the one that printed this cursor.")
        String before;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobQuery query;
        boolean backwards = page != null && page.before != null;
        try {
            query = JobQuery.all().limit(limit);
            query = oldestFirst != backwards ? query.oldestFirst() : query;
            if (!states.isEmpty()) {
                query = query.states(states.toArray(new JobState[0]));
            }
            query = queue != null ? query.queue(queue) : query;
            query = name != null ? query.name(name) : query;
            if (page != null) {
                query = query.after(JobCursor.parse(backwards ? page.before : page.after));
            }
        } catch (IllegalArgumentException e) {
            err.println("errand jobs: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (Errand errand = Clients.open(config.source(), "jobs")) {
            JobPage result = errand.admin().jobs(query);
            List<JobInfo> jobs = new ArrayList<>(result.jobs());
            Optional<String> next;
            Optional<String> previous;
            if (backwards) {
                Collections.reverse(jobs);
                previous = result.next().map(c -> cursorOf(jobs.get(0)));
                next = jobs.isEmpty() ? Optional.empty() : Optional.of(cursorOf(jobs.get(jobs.size() - 1)));
            } else {
                next = result.next().map(JobCursor::token);
                previous = page != null && !jobs.isEmpty() ? Optional.of(cursorOf(jobs.get(0))) : Optional.empty();
            }
            if (json) {
                printJson(out, jobs, next, previous);
            } else {
                printTable(out, errand, jobs, next, previous);
            }
            return ExitCodes.OK;
        }
    }

    private static String cursorOf(JobInfo job) {
        return JobCursor.after(job.enqueuedAt(), job.id()).token();
    }

    private static void printJson(PrintWriter out, List<JobInfo> jobs, Optional<String> next, Optional<String> previous)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode arr = root.putArray("jobs");
        for (JobInfo j : jobs) {
            ObjectNode o = arr.addObject();
            o.put("id", j.id().value())
                    .put("name", j.name())
                    .put("queue", j.queue())
                    .put("state", j.state().name())
                    .put("attempt", j.attempt())
                    .put("max_attempts", j.maxAttempts())
                    .put("priority", j.priority())
                    .put("enqueued_at", j.enqueuedAt().toString())
                    .put("run_at", j.runAt().toString());
            j.finishedAt().ifPresent(t -> o.put("finished_at", t.toString()));
            j.uniqueKey().ifPresent(k -> o.put("unique_key", k));
            j.lastError()
                    .ifPresent(e -> o.putObject("last_error")
                            .put("attempt", e.attempt())
                            .put("at", e.at().toString())
                            .put("type", e.type())
                            .put("message", e.message()));
            o.put("errors", j.errors().size());
        }
        root.put("next", next.orElse(null));
        root.put("previous", previous.orElse(null));
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static void printTable(
            PrintWriter out, Errand errand, List<JobInfo> jobs, Optional<String> next, Optional<String> previous) {
        if (jobs.isEmpty()) {
            out.println("no matching jobs in the " + errand.backend().name() + " backend");
        } else {
            int idWidth = Math.max(
                    2,
                    jobs.stream().mapToInt(j -> j.id().value().length()).max().orElse(2));
            int queueWidth = Math.max(
                    5, jobs.stream().mapToInt(j -> j.queue().length()).max().orElse(5));
            int nameWidth = Math.max(
                    3, jobs.stream().mapToInt(j -> j.name().length()).max().orElse(3));
            String fmt = "%-" + idWidth + "s  %-9s  %-" + queueWidth + "s  %-" + nameWidth + "s  %8s  %-27s  %s";
            out.println(String.format(
                    Locale.ROOT, fmt, "ID", "STATE", "QUEUE", "JOB", "ATTEMPTS", "ENQUEUED", "LAST ERROR"));
            for (JobInfo j : jobs) {
                out.println(String.format(
                        Locale.ROOT,
                        fmt,
                        j.id(),
                        j.state(),
                        j.queue(),
                        j.name(),
                        j.attempt() + "/" + j.maxAttempts(),
                        j.enqueuedAt(),
                        j.lastError()
                                .map(e -> oneLine(e.type() + (e.message().isEmpty() ? "" : ": " + e.message())))
                                .orElse("-")));
            }
        }
        next.ifPresent(c -> out.println("next page:     --after " + c));
        previous.ifPresent(c -> out.println("previous page: --before " + c));
    }

    /** An error on one line of at most 80 characters: control characters (a stored message is untrusted) as spaces. */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && b.length() < 80; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return text.length() > 80 ? b.append("...").toString() : b.toString();
    }
}
