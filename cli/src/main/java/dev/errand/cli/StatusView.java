package dev.errand.cli;

import dev.errand.manager.ManagerStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The text of {@code errand manager status}. */
final class StatusView {
    private StatusView() {}

    static void print(ManagerStatus s, Instant now, PrintWriter out) {
        out.println(
                "errand manager: " + s.state() + ", pid " + s.pid() + ", up " + age(Instant.parse(s.startedAt()), now)
                        + ", config " + s.config() + " (version " + s.configVersion() + ")");
        for (ManagerStatus.Group g : s.groups()) {
            out.println();
            out.println("group " + g.name() + ": " + g.state() + ", "
                    + g.children().size() + " of " + g.processes()
                    + " processes, " + g.threads() + " threads each, "
                    + (g.maxJobsPerChild() > 0 ? g.maxJobsPerChild() + " jobs per child" : "no job limit per child"));
            if (!g.note().isEmpty()) {
                out.println("  " + g.note());
            }
            if (!g.children().isEmpty()) {
                out.println(String.format(
                        Locale.ROOT,
                        "  %-9s %10s  %-9s %10s  %s",
                        "PID",
                        "GENERATION",
                        "STATE",
                        "JOBS DONE",
                        "UPTIME"));
                for (ManagerStatus.Child c : g.children()) {
                    out.println(String.format(
                            Locale.ROOT,
                            "  %-9d %10d  %-9s %10d  %s",
                            c.pid(),
                            c.generation(),
                            c.state(),
                            c.jobsDone(),
                            age(Instant.parse(c.startedAt()), now)));
                }
            }
        }
    }

    /** {@code 42s}, {@code 3m 12s}, {@code 2h 5m}, {@code 3d 4h}. */
    static String age(Instant since, Instant now) {
        long s = Math.max(0, Duration.between(since, now).getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }
}
