package dev.errand.manager;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code errand manager start --daemon}. Java cannot fork, so the program starts itself again as
 * a new process in a new session ({@code setsid}): same {@code java}, JVM options and class path,
 * standard input from {@code /dev/null}, standard output and error appended to the log file, and
 * the main class and arguments the caller gives, which run the manager in the foreground without
 * starting another daemon ({@code errand manager start --detached}). It then waits until the new
 * process has written its pid to the pid file (it is up) or has exited (it failed, and the end of
 * the log says why).
 */
public final class Daemonizer {
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private Daemonizer() {}

    /** @param relaunch the main class and its arguments that run this manager, detached, in the new process */
    public static int start(ManagerConfig m, List<String> relaunch, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Path logFile = OwnerOnlyFiles.ensureFile(m.daemonLogFile());
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute()) {
            cmd.add("setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")
                    && !arg.startsWith("-D" + dev.errand.config.ConfigLoader.CONFIG_PROPERTY + "=")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(relaunch);
        long logSize = Files.exists(logFile) ? Files.size(logFile) : 0;
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        Process p = pb.start();
        PidFile pidFile = new PidFile(m.pidFile());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            // A live owner of the pid file is the new manager: the file was free (or stale) when we started it.
            Optional<ProcessHandle> owner = pidFile.liveOwner();
            if (owner.isPresent()) {
                out.println("errand manager started in the background: pid "
                        + owner.get().pid() + ", pid file " + m.pidFile() + ", log " + logFile + ", timing log "
                        + m.timingLog());
                out.println("see 'errand manager status'; stop it with 'errand manager stop'");
                return 0;
            }
            // setsid execs the JVM in place; should it fork instead, its own exit 0 means nothing yet.
            if (p.waitFor(100, TimeUnit.MILLISECONDS) && p.exitValue() != 0) {
                err.println("errand manager start: the background manager exited with code " + p.exitValue()
                        + " before it was up; the end of its log " + logFile + ":");
                err.print(tail(logFile, logSize));
                return 1;
            }
        }
        err.println("errand manager start: the background manager (pid " + p.pid() + ") did not write its pid file "
                + m.pidFile() + " within " + START_TIMEOUT_MILLIS / 1000 + " s; see " + logFile);
        return 1;
    }

    /** What the log got since {@code from}, at most the last 4 KB. */
    private static String tail(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = (int) Math.max(from, all.length - 4096L);
        return new String(
                all, Math.min(start, all.length), all.length - Math.min(start, all.length), StandardCharsets.UTF_8);
    }
}
