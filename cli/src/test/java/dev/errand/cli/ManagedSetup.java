package dev.errand.cli;

import dev.errand.Errand;
import dev.errand.manager.ControlChannel;
import dev.errand.manager.ManagerStatus;
import dev.errand.testservers.PostgresServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.TimeoutEvent;

/**
 * One test's world: a temporary directory, a PostgreSQL database of its own, an
 * {@code errand.properties} for it, and helpers to run {@code errand} as a real process (the
 * manager) or in-process (the short commands), and to read what they wrote.
 */
class ManagedSetup {
    static final String JOBS = "dev.errand.cli.jobs.ManagedJobs";
    static final String SMALL_JVM = "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

    final Path dir;
    final String url;
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** @param hint names the test's PostgreSQL database; null for none */
    ManagedSetup(Path dir, String hint) {
        this(hint == null ? null : PostgresServer.shared().newDatabase(hint), dir);
    }

    /** A world on a database of the caller's (its JDBC URL; user and password {@code postgres}). */
    static ManagedSetup onDatabase(Path dir, String jdbcUrl) {
        return new ManagedSetup(Objects.requireNonNull(jdbcUrl, "jdbcUrl == null"), dir);
    }

    private ManagedSetup(String url, Path dir) {
        this.dir = dir.toAbsolutePath();
        this.url = url;
        if (url != null) {
            settings.put("errand.backend", "jdbc");
            settings.put("errand.jdbc.url", url);
            settings.put("errand.jdbc.username", PostgresServer.USER);
            settings.put("errand.jdbc.password", PostgresServer.PASSWORD);
        }
        settings.put("errand.manager.pidFile", this.dir.resolve("manager.pid").toString());
        settings.put("errand.manager.logFile", this.dir.resolve("manager.log").toString());
        settings.put("errand.manager.timingLog", this.dir.resolve("timing.log").toString());
        settings.put("errand.manager.crashBackoff", "200ms");
        settings.put("errand.manager.shutdownGrace", "20s");
        settings.put("errand.manager.groups", "work");
        settings.put("errand.manager.group.work.workers", JOBS);
        settings.put("errand.manager.group.work.processes", "2");
        settings.put("errand.manager.group.work.threads", "2");
        settings.put("errand.manager.group.work.jvmOptions", SMALL_JVM);
    }

    ManagedSetup set(String key, String value) {
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        return this;
    }

    /** Writes the settings to {@code errand.properties} in the directory; returns its path. */
    Path config() {
        Path file = dir.resolve("errand.properties");
        String text = settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    Path pidFile() {
        return dir.resolve("manager.pid");
    }

    Path logFile() {
        return dir.resolve("manager.log");
    }

    /** A client on the same database, for enqueueing and checking jobs. */
    Errand client() {
        return Errand.fromProperties(config());
    }

    /** {@code errand ARGS --config FILE} as a process of its own; output in {@code <dir>/<name>.out}. */
    Process errandProcess(String name, String... args) throws IOException {
        return errandProcess(List.of(), name, args);
    }

    /** As {@link #errandProcess(String, String...)}, run through {@code prefix} (e.g. {@code nohup}). */
    Process errandProcess(List<String> prefix, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(
                javaBinary(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), "dev.errand.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.add("--config");
        cmd.add(config().toString());
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
    }

    /** The manager in the foreground, as a real process. */
    Process startManager() throws IOException {
        return errandProcess("manager", "manager", "start");
    }

    /** {@code errand ARGS --config FILE} in this JVM. */
    Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), out, err);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    List<String> lines(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manager log's event lines (child output left out). */
    List<String> events() {
        return lines("manager.log").stream()
                .filter(l -> !l.contains(" child group="))
                .toList();
    }

    long count(String regex) {
        Pattern p = Pattern.compile(regex);
        return events().stream().filter(l -> p.matcher(l).find()).count();
    }

    void awaitEvent(String regex, Duration max) {
        await("the manager log has a line matching " + regex, max).until(() -> count(regex) > 0);
    }

    /** Keys run so far (one line per run in runs.log). */
    List<String> runs() {
        return lines("runs.log").stream().map(l -> l.split(" ")[0]).toList();
    }

    Optional<ManagerStatus> status() {
        try {
            return new ControlChannel(dir.resolve("manager.pid.status")).read();
        } catch (IOException e) {
            return Optional.empty(); // being replaced right now
        }
    }

    /** The children the status file lists in this state. */
    List<ManagerStatus.Child> children(String state) {
        return status().map(s -> s.groups().stream()
                        .flatMap(g -> g.children().stream())
                        .filter(c -> c.state().equals(state))
                        .toList())
                .orElse(List.of());
    }

    void awaitReady(int children, Duration max) {
        await(children + " children are ready", max)
                .until(() -> children("ready").size() == children);
    }

    /** What a failing wait prints: the manager's log and output. */
    String describe() {
        return "--- manager.log ---\n" + String.join("\n", tail(lines("manager.log"), 80)) + "\n--- manager.out ---\n"
                + String.join("\n", tail(lines("manager.out"), 40));
    }

    /**
     * Awaitility's wait for {@code what}, something the manager's processes change (files, job
     * states): polled every 50 ms; at the timeout the failure names {@code what} and the test's
     * output shows {@link #describe()}.
     */
    ConditionFactory await(String what, Duration max) {
        return await(what, max, this::describe);
    }

    /** The same, printing {@code state} at the timeout. */
    static ConditionFactory await(String what, Duration max, Supplier<String> state) {
        return Awaitility.await(what)
                .atMost(max)
                .pollInterval(Duration.ofMillis(50))
                .conditionEvaluationListener(new StateOnTimeout(state));
    }

    /** Prints a state when a wait times out, beside the failure that names what was awaited. */
    private record StateOnTimeout(Supplier<String> state) implements ConditionEvaluationListener<Object> {
        @Override
        public void conditionEvaluated(EvaluatedCondition<Object> condition) {}

        @Override
        public void onTimeout(TimeoutEvent timeout) {
            System.out.println(timeout.getDescription() + "\n" + state.get());
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    void touch(String file) throws IOException {
        Files.writeString(dir.resolve(file), "", StandardCharsets.UTF_8);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }

    /** Waits (bounded) for a process to exit; kills it and fails if it does not. */
    static int awaitExit(Process p, Duration max) throws InterruptedException {
        if (!p.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process " + p.pid() + " did not exit within " + max.toSeconds() + " s");
        }
        return p.exitValue();
    }
}
