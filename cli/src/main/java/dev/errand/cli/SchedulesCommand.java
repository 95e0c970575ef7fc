package dev.errand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.errand.Errand;
import dev.errand.ScheduleInfo;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errand schedules}: every recurring job with its next and last fire and last outcome; pause and resume. */
@Command(
        name = "schedules",
        mixinStandardHelpOptions = true,
        description = {
            "Show every recurring job: its cron expression and zone, the job it runs, when it fires next, "
                    + "when it fired last and how that run ended. 'pause NAME' stops a schedule firing, 'resume NAME' "
                    + "starts it again from its next instant (instants passed while paused do not run)."
        },
        subcommands = {SchedulesCommand.Pause.class, SchedulesCommand.Resume.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:the backend cannot be read", "2:usage error"})
final class SchedulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Errand errand = Clients.open(config.source(), "schedules")) {
            List<ScheduleInfo> schedules = errand.schedules().list();
            Instant now = errand.clock().instant();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode arr = mapper.createArrayNode();
                for (ScheduleInfo s : schedules) {
                    ObjectNode o = arr.addObject();
                    o.put("name", s.name())
                            .put("cron", s.cron())
                            .put("zone", s.zone())
                            .put("job", s.jobName())
                            .put("queue", s.queue())
                            .put("missed", s.missed().name())
                            .put("paused", s.paused());
                    s.nextFire().ifPresent(t -> o.put("next_fire", t.toString()));
                    s.lastFire().ifPresent(t -> o.put("last_fire", t.toString()));
                    s.lastJob().ifPresent(id -> o.put("last_job", id.value()));
                    s.lastOutcome().ifPresent(state -> o.put("last_outcome", state.name()));
                }
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
                return ExitCodes.OK;
            }
            if (schedules.isEmpty()) {
                out.println("no recurring jobs in the " + errand.backend().name() + " backend");
                return ExitCodes.OK;
            }
            int width = Math.max(
                    4, schedules.stream().mapToInt(s -> s.name().length()).max().orElse(4));
            int cronWidth = Math.max(
                    4,
                    schedules.stream()
                            .mapToInt(s -> s.cron().length() + s.zone().length() + 3)
                            .max()
                            .orElse(4));
            String fmt = "%-" + width + "s %-" + cronWidth + "s %-36s %-24s %-10s %s";
            out.println(String.format(Locale.ROOT, fmt, "NAME", "CRON", "NEXT FIRE", "LAST FIRE", "LAST", "JOB"));
            for (ScheduleInfo s : schedules) {
                String next = s.paused()
                        ? "paused"
                        : s.nextFire()
                                .map(t -> t + " (in " + StatusView.age(now, t) + ")")
                                .orElse("never");
                out.println(String.format(
                        Locale.ROOT,
                        fmt,
                        s.name(),
                        s.cron() + " (" + s.zone() + ")",
                        next,
                        s.lastFire().map(Instant::toString).orElse("-"),
                        s.lastJob().isEmpty()
                                ? "-"
                                : s.lastOutcome().map(Enum::name).orElse("pruned"),
                        s.jobName() + " on " + s.queue()
                                + s.lastJob()
                                        .map(id -> " (last job " + id + ")")
                                        .orElse("")));
            }
            return ExitCodes.OK;
        }
    }

    /** What {@code pause} and {@code resume} share: the schedule's name and the configuration. */
    abstract static class Change implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "NAME", description = "The schedule's name, as 'errand schedules' lists it.")
        String name;

        abstract boolean pause();

        @Override
        public Integer call() {
            String verb = pause() ? "pause" : "resume";
            try (Errand errand = Clients.open(config.source(), "schedules " + verb)) {
                boolean found = pause()
                        ? errand.schedules().pause(name)
                        : errand.schedules().resume(name);
                if (!found) {
                    spec.commandLine()
                            .getErr()
                            .println("errand schedules " + verb + ": no schedule " + name + " in the "
                                    + errand.backend().name() + " backend; 'errand schedules' lists them");
                    return ExitCodes.FAILED;
                }
                spec.commandLine().getOut().println((pause() ? "paused " : "resumed ") + name);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code errand schedules pause NAME}. */
    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Stop a recurring job firing until resumed.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:paused", "1:no such schedule, or the backend cannot be reached", "2:usage error"})
    static final class Pause extends Change {
        @Override
        boolean pause() {
            return true;
        }
    }

    /** {@code errand schedules resume NAME}. */
    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Fire a paused recurring job again, from its next instant after now.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:resumed", "1:no such schedule, or the backend cannot be reached", "2:usage error"})
    static final class Resume extends Change {
        @Override
        boolean pause() {
            return false;
        }
    }
}
