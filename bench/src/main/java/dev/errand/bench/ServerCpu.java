package dev.errand.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of a local server (PostgreSQL, MariaDB, Redis) and of every process under it, read from {@code /proc}:
 * found by the port it listens on, so the servers need no hook. A server's CPU per job depends much less on what else
 * the machine runs than its wall time does, which makes it the figure to compare builds by on a shared machine.
 * Children that ended count too (the parent's {@code cutime}, {@code cstime}). Linux only; -1 elsewhere.
 */
final class ServerCpu {
    /** {@code USER_HZ}: the unit of the times in {@code /proc/<pid>/stat}, 100 on every Linux architecture Java runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ServerCpu() {}

    /** The process listening on 127.0.0.1 or any address at {@code port}, or -1. */
    static long pidListeningOn(int port) {
        try {
            String inode = listeningInode(port);
            if (inode == null) {
                return -1;
            }
            String socket = "socket:[" + inode + "]";
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                        for (Path fd : fds) {
                            if (socket.equals(Files.readSymbolicLink(fd).toString())) {
                                return Long.parseLong(proc.getFileName().toString());
                            }
                        }
                    } catch (IOException | SecurityException e) {
                        // a process that ended, or one we may not look into
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String listeningInode(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A: LISTEN
                    return f[9];
                }
            }
        }
        return null;
    }

    /** CPU nanoseconds of {@code root}, its descendants alive now and the children it has reaped; -1 if unreadable. */
    static long cpuNanos(long root) {
        if (root <= 0) {
            return -1;
        }
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        long rootReaped = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    // Fields after the command name, which is in parentheses and may hold spaces.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(proc.getFileName().toString());
                    parents.put(pid, Long.parseLong(f[1]));
                    ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime + stime
                    if (pid == root) {
                        rootReaped = Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime + cstime
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended while we read
                }
            }
        } catch (IOException e) {
            return -1;
        }
        if (!ticks.containsKey(root)) {
            return -1;
        }
        long total = rootReaped;
        for (Map.Entry<Long, Long> e : ticks.entrySet()) {
            if (descends(e.getKey(), root, parents)) {
                total += e.getValue();
            }
        }
        return total * NANOS_PER_TICK;
    }

    private static boolean descends(long pid, long root, Map<Long, Long> parents) {
        for (int depth = 0; depth < 16 && pid > 1; depth++) {
            if (pid == root) {
                return true;
            }
            pid = parents.getOrDefault(pid, 0L);
        }
        return pid == root;
    }
}
