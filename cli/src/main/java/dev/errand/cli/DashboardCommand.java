package dev.errand.cli;

import dev.errand.Errand;
import dev.errand.dashboard.Dashboard;
import dev.errand.dashboard.DashboardKeys;
import dev.errand.dashboard.DashboardOptions;
import dev.errand.dashboard.DashboardUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code errand dashboard [--port N] [--config FILE]}: serves the web dashboard on the backend the configuration names
 * until stopped; {@code --hash-password} prints a BCrypt hash of a password read from standard input.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve the web dashboard: queues, jobs, dead jobs, retries, pauses and the last hour per job.",
            "%nListens on 127.0.0.1 unless errand.dashboard.host says otherwise, which needs users "
                    + "(errand.dashboard.users with a password hash each) or tokens (errand.dashboard.tokens)."
                    + " Runs until Ctrl-C or SIGTERM.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped, or hash printed", "1:the backend or the port cannot be opened", "2:usage error"})
final class DashboardCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "The port (default: errand.dashboard.port, else 8080).")
    Integer port;

    @Option(
            names = "--timing-log",
            paramLabel = "FILE",
            description = "The workers' timing log, for the last hour per job (default: errand.dashboard.timingLog).")
    Path timingLog;

    @Option(
            names = "--manager-status",
            paramLabel = "FILE",
            description = "A worker manager's status file: adds the Manager page (groups, children, generations).")
    Path managerStatus;

    @Option(
            names = "--hash-password",
            description = "Read a password from standard input, print its BCrypt hash for "
                    + "errand.dashboard.user.<user>.passwordHash, and exit.")
    boolean hashPassword;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (hashPassword) {
            return printHash(out);
        }
        try (Errand errand = Clients.open(config.source(), "dashboard")) {
            DashboardOptions.Builder options = DashboardKeys.options(errand.config());
            if (port != null) {
                options.port(port);
            }
            if (timingLog != null) {
                options.timingLog(timingLog);
            }
            if (managerStatus != null) {
                options.managerStatus(managerStatus);
            }
            try (Dashboard dashboard = Dashboard.start(errand, options.build())) {
                out.println("Errand dashboard on " + dashboard.uri() + " ("
                        + errand.backend().name() + " backend); Ctrl-C stops it");
                out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "errand-dashboard-stop"));
                dashboard.join();
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("errand dashboard: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        return ExitCodes.OK;
    }

    private int printHash(PrintWriter out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(main.stdin(), StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null || password.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("errand dashboard --hash-password: give the password on standard input");
            return ExitCodes.USAGE;
        }
        out.println(DashboardUser.hashOf(password));
        return ExitCodes.OK;
    }
}
