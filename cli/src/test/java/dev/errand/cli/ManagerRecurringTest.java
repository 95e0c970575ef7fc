package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurring job under the real worker manager on PostgreSQL: five child processes all fire schedules, children
 * are recycled after a few jobs and killed with SIGKILL, and still each second's instant is enqueued exactly once,
 * with no gap, and runs.
 */
@Tag("slow")
class ManagerRecurringTest {
    private static final Pattern CHILD_START = Pattern.compile(" start group=work pid=(\\d+) ");
    private static final String TICK = "dev.errand.cli.jobs.TickJobs";
    private static final int SECONDS = 60;
    private static final String RUN_KEY = "schedule:every-second@";

    @TempDir
    Path tmp;

    private ManagedSetup setup;
    private Process manager;

    @AfterEach
    void killWhatIsLeft() {
        ProcessTree.cleanUp(manager, setup);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everySecond_underFiveChildrenRecycledAndKilled_eachInstantIsEnqueuedOnce_withoutGaps_andRuns()
            throws Exception {
        setup = new ManagedSetup(tmp, "recurring")
                .set("errand.manager.group.work.workers", ManagedSetup.JOBS + "," + TICK)
                .set("errand.manager.group.work.processes", "5")
                .set("errand.manager.group.work.threads", "1")
                .set("errand.manager.group.work.maxJobsPerChild", "12")
                .set("errand.worker.lease", "3s");
        setup.client().close(); // creates the tables, so the jobs table can be read before a child has started
        manager = setup.startManager();

        setup.await("the first run of schedule every-second", Duration.ofMinutes(2))
                .until(() -> runs().size() >= 1);
        Instant first = runs().firstKey();
        int killed = 0;
        for (int kill = 1; kill <= 5; kill++) {
            int enough = kill * 10;
            setup.await(enough + " runs of schedule every-second", Duration.ofMinutes(1))
                    .until(() -> runs().size() >= enough);
            killed += killNewestLiveChild();
        }
        Instant last = first.plusSeconds(SECONDS - 1);
        setup.await("the instant " + last + " fired", Duration.ofMinutes(1))
                .until(() -> !runs().lastKey().isBefore(last));
        setup.await("the runs up to " + last + " succeeded", Duration.ofMinutes(1))
                .until(() -> runs().headMap(last, true).values().stream()
                        .allMatch(states -> states.equals(List.of("SUCCEEDED"))));

        Map<Instant, List<String>> window = runs().headMap(last, true);
        List<Instant> expected = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            expected.add(first.plusSeconds(s));
        }
        assertThat(window.keySet()).as("one instant per second, none missing").containsExactlyElementsOf(expected);
        assertThat(window.values())
                .as("one job per instant")
                .allSatisfy(states -> assertThat(states).hasSize(1));
        assertThat(killed).as("children killed with SIGKILL").isGreaterThanOrEqualTo(3);
        assertThat(setup.count(" crash group=work pid=\\d+ "))
                .as("crashes the manager saw")
                .isGreaterThanOrEqualTo(1);
        assertThat(setup.count(" recycle group=work pid=\\d+ .* reason=limit"))
                .as("children recycled")
                .isGreaterThanOrEqualTo(1);

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    /**
     * The runs of schedule every-second in the jobs table: instant → the states of the jobs for it. The instant is
     * read from the run's unique key, not its {@code run_at}: a run whose child was killed is retried after its lease
     * with a new {@code run_at}.
     */
    private TreeMap<Instant, List<String>> runs() throws SQLException {
        TreeMap<Instant, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(setup.url, PostgresServer.USER, PostgresServer.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT unique_key, state FROM errand_jobs WHERE name = 'TickJobs.tick'")) {
            while (rs.next()) {
                String key = rs.getString(1);
                assertThat(key).as("unique key of a run").startsWith(RUN_KEY);
                Instant at = Instant.parse(key.substring(RUN_KEY.length()));
                out.computeIfAbsent(at, k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /** Kills the most recently started child of the manager that is still running; 1 when there was one. */
    private int killNewestLiveChild() {
        List<Long> pids = childPids();
        for (int i = pids.size() - 1; i >= 0; i--) {
            long pid = pids.get(i);
            var child = manager.descendants()
                    .filter(p -> p.pid() == pid && p.isAlive())
                    .findFirst();
            if (child.isPresent()) {
                child.get().destroyForcibly();
                return 1;
            }
        }
        return 0;
    }

    private List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        for (String line : setup.events()) {
            Matcher m = CHILD_START.matcher(line);
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }
}
