package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.errand.Errand;
import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand pause QUEUE} and {@code errand resume QUEUE}: stop and restart claiming from a queue on every worker. */
final class PauseCommand {
    private PauseCommand() {}

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = {
                "Pause a queue: every worker of every process stops claiming from it within a second; jobs "
                        + "already running finish, and the queue keeps accepting jobs."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:paused (also when it was)", "1:the backend cannot be reached", "2:usage error"})
    static final class Pause extends QueueSwitch {
        @Override
        String act(Errand errand) {
            errand.admin().pause(queue);
            return "paused queue " + queue + ": workers stop claiming from it within a second; it still accepts jobs";
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = {"Resume a paused queue: workers claim from it again within a second."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:resumed (also when it was not paused)",
                "1:the backend cannot be reached",
                "2:usage error"
            })
    static final class Resume extends QueueSwitch {
        @Override
        String act(Errand errand) {
            boolean was = errand.admin().pausedQueues().contains(queue);
            errand.admin().resume(queue);
            return was
                    ? "resumed queue " + queue + ": workers claim from it again within a second"
                    : "queue " + queue + " was not paused";
        }
    }

    /** What pause and resume share: the queue argument, the client, the output. */
    abstract static class QueueSwitch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "QUEUE", description = "The queue.")
        String queue;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        abstract String act(Errand errand);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String command = spec.name();
            try (Errand errand = Clients.open(config.source(), command)) {
                String done;
                try {
                    done = act(errand);
                } catch (IllegalArgumentException e) {
                    err.println("errand " + command + ": " + e.getMessage());
                    return ExitCodes.USAGE;
                }
                Set<String> paused = new TreeSet<>(errand.admin().pausedQueues());
                if (json) {
                    ObjectNode o = new ObjectMapper()
                            .createObjectNode()
                            .put("queue", queue)
                            .put("paused", paused.contains(queue));
                    paused.forEach(o.putArray("paused_queues")::add);
                    out.println(o.toPrettyString());
                } else {
                    out.println(done);
                    out.println("paused queues: " + (paused.isEmpty() ? "none" : String.join(", ", paused)));
                }
                return ExitCodes.OK;
            }
        }
    }
}
