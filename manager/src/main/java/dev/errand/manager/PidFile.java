package dev.errand.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The manager's pid file: the parent's pid, one line. A file whose process is gone is stale and
 * may be replaced; a file whose process lives means a manager runs, and another one refuses to start.
 */
public final class PidFile {
    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    /** The pid written in the file; empty when there is no file or it holds no number. */
    public OptionalLong read() {
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public boolean exists() {
        return Files.exists(path);
    }

    /** The live process the file names, if any (a pid reused by a non-Java process does not count). */
    public Optional<ProcessHandle> liveOwner() {
        OptionalLong pid = read();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(PidFile::mayBeManager);
    }

    /**
     * Writes this process's pid. Throws {@link IllegalStateException} naming the running manager
     * when a live process holds the file; a stale file is replaced and reported through the result.
     */
    public Optional<Long> claim(long pid) throws IOException {
        Optional<ProcessHandle> owner = liveOwner();
        if (owner.isPresent() && owner.get().pid() != pid) {
            throw new IllegalStateException(
                    "a manager is already running with pid " + owner.get().pid() + " (pid file " + path
                            + "); stop it with 'errand manager stop', or set errand.manager.pidFile to run another one");
        }
        OptionalLong stale = read();
        Path tmp = OwnerOnlyFiles.ensureFile(path.resolveSibling(path.getFileName() + ".tmp" + pid));
        Files.writeString(tmp, pid + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return stale.isPresent() && stale.getAsLong() != pid ? Optional.of(stale.getAsLong()) : Optional.empty();
    }

    /** Removes a stale file (no live owner); true when one was removed. */
    public boolean removeIfStale() throws IOException {
        if (exists() && liveOwner().isEmpty()) {
            Files.deleteIfExists(path);
            return true;
        }
        return false;
    }

    /** Deletes the file if it still names {@code pid}. */
    public void release(long pid) {
        if (read().orElse(-1) == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a stale file is cleaned by the next start
            }
        }
    }

    private static boolean mayBeManager(ProcessHandle p) {
        return p.info().command().map(c -> c.contains("java")).orElse(true);
    }
}
