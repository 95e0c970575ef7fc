package dev.errand.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM as the supervisor starts, hears and stops it: {@link ChildLauncher} runs {@link ChildMain}
 * on the test class path, and {@link ChildProcess} reads what it says over {@link ChildProtocol}.
 */
class ChildProcessTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<ChildProcess> children = new ArrayList<>();
    private final List<String> timing = new CopyOnWriteArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Map<ChildProcess, CompletableFuture<ChildProcess>> ready = new ConcurrentHashMap<>();

    @AfterEach
    void killWhatIsLeft() {
        children.forEach(ChildProcess::kill);
    }

    @Test
    void aChildRunsItsGroupsJobs_sendsTheirTimingLines_andStopsAtItsJobLimit() throws Exception {
        Path config = config(Map.of(
                "errand.backend",
                "jdbc",
                "errand.jdbc.url",
                "jdbc:h2:file:" + dir.resolve("db/errand") + ";AUTO_SERVER=TRUE",
                "errand.manager.group.work.maxJobsPerChild",
                "3"));
        // The test opens the database first, so the child reaches it through the test's H2 server.
        try (Errand client = Errand.fromProperties(config)) {
            SquaresJobs squares = new SquaresJobs(client);
            List<JobId> ids = List.of(
                    squares.square(2).enqueue(),
                    squares.square(3).enqueue(),
                    squares.square(4).enqueue());

            ChildProcess child = start(config);
            awaitReady(child);
            assertThat(exit(child)).as(describe()).isZero();

            assertThat(child.stopReason).isEqualTo("limit");
            assertThat(child.jobsDone).isEqualTo(3);
            assertThat(timing)
                    .as(describe())
                    .hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains("fn=Squares.square", "queue=squares", "status=ok"));
            for (JobId id : ids) {
                assertThat(client.awaitFinished(id, MAX).state()).isEqualTo(JobState.SUCCEEDED);
            }
        }
    }

    @Test
    void aStopLine_orTheEndOfItsInput_endsAChildGracefully() throws Exception {
        Path config = config(Map.of("errand.backend", "memory"));
        ChildProcess stopped = start(config);
        awaitReady(stopped);
        stopped.requestStop();
        assertThat(exit(stopped)).as(describe()).isZero();
        assertThat(stopped.stopReason).isEqualTo("stop");

        ChildProcess orphan = start(config);
        awaitReady(orphan);
        orphan.process().getOutputStream().close(); // what the child sees when its parent dies
        assertThat(exit(orphan)).as(describe()).isZero();
        assertThat(orphan.stopReason).isEqualTo("parent-gone");
    }

    @Test
    void aWorkerClassThatIsNotThere_isOneLineOnStandardError_andExitCodeOne() throws Exception {
        Path config =
                config(Map.of("errand.backend", "memory", "errand.manager.group.work.workers", "com.example.Missing"));
        ChildProcess child = start(config);
        assertThat(exit(child)).as(describe()).isEqualTo(ChildMain.FAILED);
        assertThat(output)
                .as(describe())
                .containsExactly("stderr: errand worker: errand.manager.group.work.workers names class "
                        + "com.example.Missing, which is not on the class path; check the spelling and add the application's jars "
                        + "to the class path (ERRAND_CLASSPATH or -cp)");
        assertThat(readiness(child)).isNotDone();
    }

    /** The group {@code work} with {@link Squares}, one thread, plus {@code settings}; returns the file. */
    private Path config(Map<String, String> settings) throws IOException {
        Map<String, String> all = new TreeMap<>(Map.of(
                "errand.manager.groups",
                "work",
                "errand.manager.group.work.workers",
                Squares.class.getName(),
                "errand.manager.group.work.threads",
                "1"));
        all.putAll(settings);
        Path file = dir.resolve("errand.properties");
        Files.writeString(
                file,
                all.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                        .collect(Collectors.joining("\n", "", "\n")),
                StandardCharsets.UTF_8);
        return file;
    }

    private ChildProcess start(Path config) throws IOException {
        ConfigSource source = new ConfigSource(Optional.of(config));
        GroupConfig group = ManagerConfig.from(source.load(), dir).group("work", config.toString());
        ChildLauncher launcher = new ChildLauncher(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                testClassPath(),
                source,
                Map.of(),
                Clock.systemUTC());
        ChildProcess child =
                launcher.start(group, children.size() + 1, 1, Duration.ofSeconds(10), new ChildProcess.Listener() {
                    @Override
                    public void timing(String line) {
                        timing.add(line);
                    }

                    @Override
                    public void output(ChildProcess c, String stream, String line) {
                        output.add(stream + ": " + line);
                    }

                    @Override
                    public void ready(ChildProcess c) {
                        readiness(c).complete(c);
                    }
                });
        children.add(child);
        return child;
    }

    private CompletableFuture<ChildProcess> readiness(ChildProcess child) {
        return ready.computeIfAbsent(child, c -> new CompletableFuture<>());
    }

    private void awaitReady(ChildProcess child) throws Exception {
        assertThat(readiness(child)
                        .completeOnTimeout(null, MAX.toMillis(), TimeUnit.MILLISECONDS)
                        .get())
                .as("the child said it is ready\n%s", describe())
                .isSameAs(child);
    }

    /** Waits (bounded) for the child to exit and for its last lines; returns its exit code. */
    private int exit(ChildProcess child) throws Exception {
        if (!child.process().waitFor(MAX.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not exit within " + MAX.toSeconds() + " s\n" + describe());
        }
        child.awaitOutput(5000);
        return child.process().exitValue();
    }

    private String describe() {
        return "child output:\n" + String.join("\n", output) + "\ntiming lines:\n" + String.join("\n", timing);
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
