package dev.errand.cli;

import dev.errand.config.ErrandConfigException;
import dev.errand.manager.ManagerException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code errand} command. Each subcommand is a class of its own in this package, annotated with
 * {@code @Command(name = ...)} and listed in {@code subcommands} below; it reaches standard input through
 * {@code @ParentCommand Main} ({@link #stdin()}) and standard output and error through
 * {@code spec.commandLine().getOut()/getErr()}, so tests run it in-process with {@link #run}.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 done, 1 the command ran but found nothing or met bad input
 * (a missing file, a log without timing lines, a bad configuration value, an unknown job), 2 a
 * usage error (unknown option, bad value). Configuration errors and operator errors
 * ({@link ErrandConfigException}, {@link ManagerException}) print their message only.
 */
@Command(
        name = "errand",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Errand job queue: the worker manager, worker processes, operator commands and the timing-log report.",
        subcommands = {
            ManagerCommand.class,
            WorkerCommand.class,
            EnqueueCommand.class,
            JobCommand.class,
            QueuesCommand.class,
            SchedulesCommand.class,
            JobsCommand.class,
            RetryCommand.class,
            DeleteCommand.class,
            DashboardCommand.class,
            PauseCommand.Pause.class,
            PauseCommand.Resume.class,
            ReportCommand.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:bad input, bad configuration or nothing found (missing file, unknown job, no timing lines)",
            "2:usage error"
        })
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    Main(InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs {@code errand args...} with the given streams (UTF-8) and returns the exit code. */
    public static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(in, o, e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** The configured picocli command line (usage and version help, exit codes, streams). */
    static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + name + " --help' for more information.");
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ErrandConfigException || ex instanceof ManagerException) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return ExitCodes.FAILED;
            }
            commandLine.getErr().println("errand " + commandLine.getCommandName() + ": " + ex);
            ex.printStackTrace(commandLine.getErr());
            return ExitCodes.FAILED;
        });
        return cl;
    }

    /** What a subcommand reads when its argument is {@code -}. */
    InputStream stdin() {
        return stdin;
    }

    /** {@code errand} alone: show the commands and exit with the usage code. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing command: say which, e.g. errand report FILE");
    }
}
