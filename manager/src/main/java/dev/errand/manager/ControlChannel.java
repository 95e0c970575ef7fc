package dev.errand.manager;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * How operators talk to a running manager without a socket: {@code status} reads the status file
 * that the manager rewrites (atomically, by rename) whenever its children change; {@code reload}
 * leaves a request file beside the pid file that the manager picks up within a tick (SIGHUP works
 * too), and {@code stop} sends SIGTERM to the pid in the pid file.
 */
public final class ControlChannel {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path statusFile;

    public ControlChannel(Path statusFile) {
        this.statusFile = statusFile;
    }

    public Path statusFile() {
        return statusFile;
    }

    void write(ManagerStatus status) throws IOException {
        Path tmp =
                OwnerOnlyFiles.ensureFile(statusFile.resolveSibling(statusFile.getFileName() + ".tmp" + status.pid()));
        JSON.writeValue(tmp.toFile(), status);
        Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Optional<ManagerStatus> read() throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(statusFile), ManagerStatus.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The status as pretty JSON (for {@code status --json}). */
    public static String toJson(ManagerStatus status) throws IOException {
        return JSON.writeValueAsString(status);
    }

    void remove() {
        try {
            Files.deleteIfExists(statusFile);
        } catch (IOException ignored) {
            // the next start overwrites it
        }
    }

    /**
     * The file whose presence asks the manager owning {@code pidFile} to reload: {@code <pid file>.reload}. The
     * manager looks for it on every tick and deletes it, so a reload works also where SIGHUP cannot reach the manager
     * (started under {@code nohup}, which makes the JVM leave SIGHUP ignored).
     */
    public static Path reloadRequest(Path pidFile) {
        return pidFile.resolveSibling(pidFile.getFileName() + ".reload");
    }

    /** Asks the manager owning {@code pidFile} to reload, through {@link #reloadRequest}. */
    public static void requestReload(Path pidFile) throws IOException {
        OwnerOnlyFiles.ensureFile(reloadRequest(pidFile));
    }

    /** Asks the manager to stop gracefully (SIGTERM). */
    public static boolean stop(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
    }
}
