package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.errand.Errand;
import dev.errand.spi.QueueStats;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errand queues}: depth by state and the oldest waiting job's age, per queue. */
@Command(
        name = "queues",
        mixinStandardHelpOptions = true,
        description = {
            "Show every queue with unfinished jobs: how many are available (due), scheduled, running and "
                    + "waiting to retry, and how long the oldest available job has waited. A growing age means the workers "
                    + "do not keep up."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:the backend cannot be read", "2:usage error"})
final class QueuesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Errand errand = Clients.open(config.source(), "queues")) {
            List<QueueStats> stats = errand.backend().queueStats();
            Instant now = errand.clock().instant();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode arr = mapper.createArrayNode();
                for (QueueStats s : stats) {
                    ObjectNode o = arr.addObject();
                    o.put("queue", s.queue())
                            .put("available", s.available())
                            .put("scheduled", s.scheduled())
                            .put("running", s.running())
                            .put("retryable", s.retryable())
                            .put("oldest_available_age_ms", s.oldestAge(now).toMillis());
                    s.oldestAvailable().ifPresent(t -> o.put("oldest_available_since", t.toString()));
                }
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
                return ExitCodes.OK;
            }
            if (stats.isEmpty()) {
                out.println("no unfinished jobs in the " + errand.backend().name() + " backend");
                return ExitCodes.OK;
            }
            int width = Math.max(
                    5, stats.stream().mapToInt(s -> s.queue().length()).max().orElse(5));
            String fmt = "%-" + width + "s %10s %10s %10s %10s  %s";
            out.println(String.format(
                    Locale.ROOT, fmt, "QUEUE", "AVAILABLE", "SCHEDULED", "RUNNING", "RETRYABLE", "OLDEST AVAILABLE"));
            for (QueueStats s : stats) {
                out.println(String.format(
                        Locale.ROOT,
                        fmt,
                        s.queue(),
                        s.available(),
                        s.scheduled(),
                        s.running(),
                        s.retryable(),
                        s.oldestAvailable()
                                .map(t -> StatusView.age(t, now) + " ago")
                                .orElse("-")));
            }
            return ExitCodes.OK;
        }
    }
}
