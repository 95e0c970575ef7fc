package dev.errand.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager's pid file and logs are created readable by their owner only. */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void pidFileAndLogs_areCreatedOwnerOnly_inOwnerOnlyFolders() throws Exception {
        Path pid = dir.resolve("run/errand.pid");
        Path log = dir.resolve("logs/manager.log");

        new PidFile(pid).claim(ProcessHandle.current().pid());
        try (ManagerLog manager = new ManagerLog(
                Clock.systemUTC(), Optional.of(log), new java.io.PrintWriter(new java.io.StringWriter()))) {
            manager.toString(); // opening it creates the file
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pid)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pid.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }

    @Test
    void anExistingFile_keepsThePermissionsTheOperatorGaveIt() throws Exception {
        Path log = Files.createFile(
                dir.resolve("shared.log"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));

        OwnerOnlyFiles.ensureFile(log);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-r-----");
    }
}
