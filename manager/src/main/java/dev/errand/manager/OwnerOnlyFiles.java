package dev.errand.manager;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the manager's pid, status and log files readable by their owner only (0600, folders
 * 0700): logs hold job errors and the pid file decides which process gets signals. Files that
 * already exist keep the permissions an operator gave them.
 */
final class OwnerOnlyFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {}

    /** Creates the missing parent folders (0700) and the file itself (0600) if it does not exist. */
    static Path ensureFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, attribute(DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        try {
            if (POSIX) {
                Files.createFile(file, attribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // keep it, and whatever permissions it has
        }
        return file;
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
