package dev.errand.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class of the test class path in a new JVM and keeps everything it wrote,
 * standard output and standard error in order, in one file: for tests that must see all the
 * output of a run (its logging set up from scratch by the JVM's system properties), not only
 * what a test can intercept in its own JVM.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** What the child wrote (stdout and stderr merged) and how it ended. */
    public record Result(int exitCode, String output, Path outputFile) {}

    /**
     * Starts {@code main} with {@code args}, the extra environment variables and {@code -D} system
     * properties, and waits at most {@code timeout}; a child that runs longer is killed and the
     * result says so with exit code -1.
     */
    public static Result run(
            Class<?> main,
            List<String> args,
            Map<String, String> environment,
            Map<String, String> systemProperties,
            Path outputFile,
            Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile());
        builder.environment().putAll(environment);
        try {
            Process p = builder.start();
            boolean ended;
            try {
                ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + main.getName(), e);
            }
            if (!ended) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(
                    ended ? p.exitValue() : -1, Files.readString(outputFile, StandardCharsets.UTF_8), outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + main.getName() + " in a new JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
