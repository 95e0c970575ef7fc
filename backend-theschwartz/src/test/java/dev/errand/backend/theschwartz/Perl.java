package dev.errand.backend.theschwartz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Perl TheSchwartz peers of the tests (Debian's libtheschwartz-perl), run as child processes. */
final class Perl {
    private final String user;
    private final String password;

    /** Peers that connect as this database user (TS_USER, TS_PASS in their environment). */
    Perl(String user, String password) {
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    /** Copies a peer script out of the test resources into {@code dir}. */
    static Path script(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = Perl.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Runs a peer to its end and returns its output; fails naming the command and its error output. */
    String run(Path script, String... args) throws IOException, InterruptedException {
        Process p = start(script, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "perl " + script.getFileName() + " " + String.join(" ", args) + " did not end within 120 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("perl " + script.getFileName() + " " + String.join(" ", args) + " exited with "
                    + p.exitValue() + " (is libtheschwartz-perl installed? .ci/run installs it): " + err);
        }
        return out;
    }

    Process start(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("perl", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TS_USER", user);
        builder.environment().put("TS_PASS", password);
        return builder.start();
    }
}
