package dev.errand.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker processes that are not Errand, serving the same function: Perl {@code Gearman::Worker} (Debian
 * {@code libgearman-client-perl}) and the C {@code gearman -w} tool (Debian {@code gearman-tools}), which echoes the
 * workload itself without a command, or runs a command per job (a fork and exec each) with one.
 */
final class GearmanForeignWorkers implements AutoCloseable {
    private static final String PERL = "use Gearman::Worker; my $w = Gearman::Worker->new(job_servers => [$ARGV[0]]);"
            + " $w->register_function($ARGV[1] => sub { ${$_[0]->argref} }); $w->work while 1;";

    private final List<Process> processes = new ArrayList<>();

    private GearmanForeignWorkers() {}

    static GearmanForeignWorkers perl(String host, int port, String function, int count) throws IOException {
        return start(count, List.of("perl", "-e", PERL, host + ":" + port, function));
    }

    /** {@code gearman -w}, echoing in process ({@code command} empty) or running {@code command} per job. */
    static GearmanForeignWorkers gearmanTool(String host, int port, String function, int count, List<String> command)
            throws IOException {
        List<String> argv =
                new ArrayList<>(List.of("gearman", "-h", host, "-p", Integer.toString(port), "-w", "-f", function));
        if (!command.isEmpty()) {
            argv.add("--");
            argv.addAll(command);
        }
        return start(count, argv);
    }

    private static GearmanForeignWorkers start(int count, List<String> argv) throws IOException {
        GearmanForeignWorkers workers = new GearmanForeignWorkers();
        try {
            for (int i = 0; i < count; i++) {
                workers.processes.add(new ProcessBuilder(argv)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start());
            }
        } catch (IOException e) {
            workers.close();
            throw new IOException(
                    "cannot start " + argv.get(0) + " (" + e.getMessage() + "): install the Debian "
                            + "packages gearman-tools and libgearman-client-perl, as .ci/run does",
                    e);
        }
        return workers;
    }

    /** Kills the processes: gearmand re-queues what they held. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
