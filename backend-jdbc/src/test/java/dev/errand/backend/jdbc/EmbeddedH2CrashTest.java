package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Outcome;
import dev.errand.testkit.TckService;
import dev.errand.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 file database runs inside the application's JVM, so a crash of that process is
 * the database's crash. A client JVM ({@link EmbeddedH2EnqueueMain}) enqueues batches of jobs
 * into an H2 file without pause and prints each acknowledged id; once it has acknowledged
 * {@value #ACKNOWLEDGED} jobs it is killed with SIGKILL, in the middle of its stream of commits.
 * This JVM then opens the same file with a fresh backend (H2 recovers it), checks every
 * acknowledged job, and a worker runs every job the file kept. {@value #CYCLES} kill cycles run
 * on the same file.
 *
 * <p>With a URL that sets no {@code WRITE_DELAY} (the backend then adds {@code WRITE_DELAY=0}, as
 * the default URL has) every acknowledged job is there, AVAILABLE, and SUCCEEDS. With H2's own
 * default {@code WRITE_DELAY=500}, set in the URL, the loss is printed, not asserted; what is
 * asserted is that the file opens again and the jobs it kept run, unless H2 recovered it into a
 * state where no claim can lock its rows: that is reported, and ends the test.
 *
 * <p>Only the process dies; the machine's page cache survives. So this proves that an enqueue is
 * acknowledged only after H2 has written the commit to its file, not that the disk keeps it
 * through a power loss (which this test cannot tell).
 */
@Tag("slow")
class EmbeddedH2CrashTest {
    /** Acknowledged jobs to wait for before each kill. */
    private static final int ACKNOWLEDGED = 3000;
    /**
     * And how long the child must have been acknowledging (by its clock) before the kill: twice
     * H2's default {@code WRITE_DELAY} (500 ms), so that the kill hits a database that has written some
     * commits and holds back the rest. (At about 15,000 jobs a second, {@value #ACKNOWLEDGED} jobs
     * take 0.2 s; killed that early, the default setting has written nothing, not even the schema.)
     */
    private static final long ACKNOWLEDGING_MILLIS = 1000;

    private static final int CYCLES = 3;

    @TempDir
    Path dir;

    /**
     * The URL a user writes, with no {@code WRITE_DELAY}: the backend opens it with
     * {@code WRITE_DELAY=0}, as it does the default URL. (Opened as written, H2's 500 ms lost the
     * newest acknowledged jobs at every kill.)
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void userWrittenFileUrl_processKilledWhileEnqueueing_everyAcknowledgedJobIsKeptAndSucceeds() throws Exception {
        killCycles("", true);
    }

    /** H2's own default, which the backend now adds only when asked: the loss is measured. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writeDelay500_processKilledWhileEnqueueing_lossMeasured_fileReopensAndKeptJobsSucceed() throws Exception {
        killCycles(";WRITE_DELAY=500", false);
    }

    /** Runs the kill cycles and prints what each one saw. */
    private void killCycles(String urlOptions, boolean everyAcknowledgedJobMustBeKept) throws Exception {
        String setting = urlOptions.isEmpty() ? "no WRITE_DELAY in the URL" : urlOptions.substring(1);
        String url = "jdbc:h2:file:" + dir.resolve("errand") + ";DB_CLOSE_ON_EXIT=FALSE" + urlOptions;
        TckService service = new TckService();
        Set<JobId> succeededBefore = new HashSet<>();
        Set<JobId> lostBefore = new HashSet<>();
        int ran = 0;
        for (int n = 1; n <= CYCLES; n++) {
            long started = System.nanoTime();
            Child.Killed killed;
            try (Child child = Child.start(url, "c" + n, dir.resolve("child-" + n + ".log"))) {
                child.awaitAcknowledged(ACKNOWLEDGED, ACKNOWLEDGING_MILLIS, 30);
                killed = child.kill();
            }
            long enqueueMillis = millisSince(started);
            List<JobId> acknowledged = killed.ids();
            int reused =
                    (int) acknowledged.stream().filter(lostBefore::contains).count();

            long reopening = System.nanoTime();
            JdbcBackend backend = open(url); // H2 recovers the killed file here
            long reopenMillis = millisSince(reopening);
            try (Errand errand = Errand.builder().backend(backend).build()) {
                List<JobId> lost = new ArrayList<>();
                int firstLost = -1;
                for (int i = 0; i < acknowledged.size(); i++) {
                    JobId id = acknowledged.get(i);
                    Optional<JobInfo> info = backend.find(id);
                    if (info.isEmpty()) {
                        lost.add(id);
                        firstLost = firstLost < 0 ? i : firstLost;
                    } else {
                        assertThat(info.get().state())
                                .as("acknowledged job %s after the kill (%s)", id, setting)
                                .isEqualTo(JobState.AVAILABLE);
                    }
                }
                if (everyAcknowledgedJobMustBeKept) {
                    assertThat(lost)
                            .as(
                                    "acknowledged jobs missing after kill cycle %d (%d acknowledged, %s)",
                                    n, acknowledged.size(), setting)
                            .isEmpty();
                }
                boolean lostAreTheLast = !lost.isEmpty() && lost.size() == acknowledged.size() - firstLost;
                long lostWindow = lost.isEmpty() ? 0 : killed.killedAtMillis() - killed.acknowledgedAtMillis(firstLost);
                Map<String, Long> states = countByState(backend);
                assertThat(states.keySet())
                        .as("jobs by state after the kill (%s): %s", setting, states)
                        .isSubsetOf("AVAILABLE", "SUCCEEDED");
                Set<JobId> succeededNow = Set.copyOf(idsIn(backend, "SUCCEEDED"));
                if (everyAcknowledgedJobMustBeKept) {
                    assertThat(succeededNow)
                            .as("the jobs that succeeded in earlier cycles (%s)", setting)
                            .isEqualTo(succeededBefore);
                } else {
                    // With WRITE_DELAY=500 one run came back without any of the jobs that had succeeded in earlier
                    // cycles, although this JVM had closed the database cleanly after them: reported, not asserted.
                    assertThat(succeededBefore)
                            .as("the jobs that succeeded in earlier cycles (%s)", setting)
                            .containsAll(succeededNow);
                }
                int succeededLost = succeededBefore.size() - succeededNow.size();
                succeededBefore.retainAll(succeededNow);

                // every job the file kept, acknowledged or not (committed while the ACK line was not yet printed)
                List<JobId> waiting = idsIn(backend, "AVAILABLE");
                Set<JobId> lostSet = Set.copyOf(lost);
                List<JobId> kept = acknowledged.stream()
                        .filter(id -> !lostSet.contains(id))
                        .toList();
                Set<JobId> listed = Set.copyOf(waiting);
                List<JobId> unlisted =
                        kept.stream().filter(id -> !listed.contains(id)).toList();
                if (everyAcknowledgedJobMustBeKept) {
                    assertThat(unlisted)
                            .as("acknowledged jobs found by id but not listed AVAILABLE (%s)", setting)
                            .isEmpty();
                }
                long running = System.nanoTime();
                Map<JobId, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
                boolean allEnded = true;
                try (Worker worker = errand.worker()
                        .register(service)
                        .queues("tck")
                        .threads(4)
                        .start()) {
                    waiting.forEach(id -> outcomes.put(id, backend.outcome(id)));
                    try {
                        CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
                                .handle((done, failed) -> done)
                                .get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        allEnded = false;
                    }
                }
                long runMillis = millisSince(running);
                if (!allEnded) {
                    String report = String.format(
                            "embedded H2 (%s) kill cycle %d: %d of the %d jobs the file kept had no outcome after 30 s"
                                    + " of a worker; jobs by state: %s",
                            setting,
                            n,
                            outcomes.values().stream().filter(f -> !f.isDone()).count(),
                            waiting.size(),
                            countByState(backend));
                    if (everyAcknowledgedJobMustBeKept) {
                        throw new AssertionError(report);
                    }
                    // H2's recovery of a file written with WRITE_DELAY=500 can leave rows that a claim locks but no
                    // UPDATE can change ("locked for this claim but could not be leased"), and then every claim waits
                    // for a lock until H2 gives up ("Timeout trying to lock table", HYT00), as ServerCrashTest saw with
                    // H2's server. Seen once here in CI. The file is of no further use, so the test reports it and
                    // ends: what it asserts of that setting held up to here (the file opened, the jobs it kept were
                    // there and waiting). It does not check that H2 is the cause: a defect of the backend that stopped
                    // claims would end this case the same way, and fail the default setting's case, which runs the same
                    // worker on the same code.
                    System.out.println(report + "; H2 recovered the file inconsistently, the test ends here");
                    return;
                }
                List<String> unknown = new ArrayList<>();
                outcomes.forEach((id, outcome) -> outcome.exceptionally(e -> {
                    unknown.add(id + ": " + e.getMessage() + "; now "
                            + backend.find(id).map(i -> i.state().name()).orElse("absent"));
                    return null;
                }));
                // H2's recovery of a file written with WRITE_DELAY=500 is not always consistent between its indexes.
                // Seen once each: 4 of 5,344 jobs listed AVAILABLE that a look-up by id did not find when the worker
                // started, nor a claim while it ran (found AVAILABLE afterwards); one such job that a look-up by id
                // never found, before or after; and a kept job that a look-up by id found but the listing by state
                // did not. With that setting such jobs are reported, like the loss, up to 1 % of a cycle's
                // acknowledged jobs; any other failed outcome, and any such job without WRITE_DELAY, fails the test.
                List<JobId> unreadable = waiting.stream()
                        .filter(id -> outcomes.get(id).isCompletedExceptionally())
                        .toList();
                if (everyAcknowledgedJobMustBeKept) {
                    assertThat(unknown)
                            .as(
                                    "jobs listed AVAILABLE after the kill (%s) whose outcome() failed while the worker"
                                            + " ran (H2 recovered them inconsistently?); %s",
                                    setting, countByState(backend))
                            .isEmpty();
                }
                assertThat(unreadable.size() + unlisted.size())
                        .as(
                                "jobs H2 recovered inconsistently (%s): %s failed outcomes, %s found but not listed",
                                setting, unknown, unlisted)
                        .isLessThanOrEqualTo(Math.max(1, acknowledged.size() / 100));
                // Seen once too: an outcome() that did not find three such jobs by id, twice, while a claim found
                // them and the worker ran them to SUCCEEDED.
                assertThat(unreadable)
                        .as("jobs whose outcome() failed, and their state now (%s): %s", setting, unknown)
                        .allSatisfy(id -> assertThat(backend.find(id).map(JobInfo::state))
                                .isIn(
                                        Optional.empty(),
                                        Optional.of(JobState.AVAILABLE),
                                        Optional.of(JobState.SUCCEEDED)));
                long unreadableFound = unreadable.stream()
                        .filter(id -> backend.find(id).map(JobInfo::state).orElse(null) == JobState.AVAILABLE)
                        .count();
                List<JobId> unreadableRan = unreadable.stream()
                        .filter(id -> backend.find(id).map(JobInfo::state).orElse(null) == JobState.SUCCEEDED)
                        .toList();
                List<JobId> ranNow =
                        waiting.stream().filter(id -> !unreadable.contains(id)).toList();
                states = countByState(backend);
                assertThat(states.keySet())
                        .as("jobs by state once the worker ran (%s): %s", setting, states)
                        .isSubsetOf("SUCCEEDED", "AVAILABLE");
                long succeeded = states.getOrDefault("SUCCEEDED", 0L);
                assertThat(states.getOrDefault("AVAILABLE", 0L))
                        .as("jobs left AVAILABLE once the worker ran (%s): %s", setting, states)
                        .isBetween(unreadableFound, (long) unreadable.size() + unlisted.size());
                assertThat(succeeded)
                        .as("succeeded jobs once the worker ran (%s)", setting)
                        .isBetween(
                                (long) succeededBefore.size() + ranNow.size() + unreadableRan.size(),
                                (long) succeededBefore.size() + ranNow.size() + unreadableRan.size() + unlisted.size());
                ran += ranNow.size();
                succeededBefore.addAll(ranNow);
                succeededBefore.addAll(unreadableRan);
                unlisted.stream() // a claim may still have found them
                        .filter(id -> backend.find(id).map(JobInfo::state).orElse(null) == JobState.SUCCEEDED)
                        .forEach(succeededBefore::add);
                lostBefore.addAll(lost);

                System.out.printf(
                        "embedded H2 (%s) kill cycle %d: %d acknowledged, %d lost (%s, acknowledged in the"
                                + " last %d ms before the kill), %d kept but unacknowledged, %d ids of lost jobs given out again,"
                                + " %d jobs SUCCEEDED in earlier cycles missing, %d listed but unreadable, %d found but"
                                + " not listed; child ran %d ms,"
                                + " reopen %d ms, worker %d ms%n",
                        setting,
                        n,
                        acknowledged.size(),
                        lost.size(),
                        lostAreTheLast ? "the newest ones" : lost.isEmpty() ? "none" : "NOT only the newest ones",
                        lostWindow,
                        waiting.size() - (kept.size() - unlisted.size()),
                        reused,
                        succeededLost,
                        unreadable.size(),
                        unlisted.size(),
                        enqueueMillis,
                        reopenMillis,
                        runMillis);
            }
        }
        if (everyAcknowledgedJobMustBeKept) {
            assertThat(service.runs).as("runs per key").hasSize(ran);
            assertThat(service.runs.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        } else {
            System.out.printf(
                    "embedded H2 (%s): %d jobs ran more than once%n",
                    urlOptions.substring(1),
                    service.runs.values().stream()
                            .filter(count -> count.get() > 1)
                            .count());
        }
    }

    private static JdbcBackend open(String url) {
        return new JdbcBackend(
                new BackendContext(ErrandConfig.of(Map.of(JdbcSettings.URL, url), "test"), Clock.systemUTC()));
    }

    private static Map<String, Long> countByState(JdbcBackend backend) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = backend.dataSourceForTests().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM errand_jobs GROUP BY state")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static List<JobId> idsIn(JdbcBackend backend, String state) throws SQLException {
        List<JobId> ids = new ArrayList<>();
        try (Connection c = backend.dataSourceForTests().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM errand_jobs WHERE state = '" + state + "' ORDER BY id")) {
            while (rs.next()) {
                ids.add(JobId.of(Long.toString(rs.getLong(1))));
            }
        }
        return ids;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /**
     * A running {@link EmbeddedH2EnqueueMain}: its standard output is read as it comes, its
     * standard error goes to a log file that failures show.
     */
    private static final class Child implements AutoCloseable {
        /** The acknowledged ids in the order they were printed, and when (the child's clock) each was. */
        record Killed(List<JobId> ids, List<Long> acknowledgedAt, long killedAtMillis) {
            long acknowledgedAtMillis(int index) {
                return acknowledgedAt.get(index);
            }
        }

        private final Process process;
        private final Path log;
        private final Thread reader;
        private final List<JobId> ids = new ArrayList<>();
        private final List<Long> acknowledgedAt = new ArrayList<>();
        private final List<String> otherOutput = new ArrayList<>();
        private boolean ended;
        private IOException readFailure;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.reader = new Thread(this::read, "embedded-h2-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String url, String keyPrefix, Path log) throws IOException {
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    FaultChild.classPath(),
                    EmbeddedH2EnqueueMain.class.getName(),
                    url,
                    keyPrefix);
            return new Child(
                    new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (this) {
                        if (line.startsWith("ACK ") && line.endsWith(" END")) {
                            String[] words = line.split(" ");
                            long at = Long.parseLong(words[1]);
                            for (int i = 2; i < words.length - 1; i++) {
                                ids.add(JobId.of(words[i]));
                                acknowledgedAt.add(at);
                            }
                            notifyAll();
                        } else if (otherOutput.size() < 100) {
                            otherOutput.add(line); // a line the kill cut short, or something unexpected
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    readFailure = e;
                }
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** Waits until the child has acknowledged {@code count} jobs over at least {@code millis} of its clock. */
        synchronized void awaitAcknowledged(int count, long millis, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (ids.size() < count
                    || acknowledgedAt.get(acknowledgedAt.size() - 1) - acknowledgedAt.get(0) < millis) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("the child JVM acknowledged " + ids.size() + " jobs, not " + count
                            + " over " + millis + " ms, "
                            + (ended ? "and its output ended" : "within " + seconds + " s") + describe());
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        /**
         * SIGKILL, then everything the child printed before it died. Through the ProcessHandle:
         * {@link Process#destroyForcibly()} also closes our end of the pipe, and the ids still in
         * it (the last ones acknowledged, those most at risk) would never be read.
         */
        Killed kill() throws InterruptedException {
            long killedAt = System.currentTimeMillis();
            process.toHandle().destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the child JVM did not die within 30 s of SIGKILL");
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            synchronized (this) {
                if (!ended) {
                    throw new AssertionError("the child JVM's output did not end within 30 s of its death");
                }
                if (readFailure != null) {
                    throw new AssertionError("reading the child JVM's output failed", readFailure);
                }
                // 128 + SIGKILL: it was running until the kill, it did not end on its own
                assertThat(process.exitValue())
                        .as("exit code of the killed child" + describe())
                        .isEqualTo(137);
                return new Killed(List.copyOf(ids), List.copyOf(acknowledgedAt), killedAt);
            }
        }

        private String describe() {
            String err;
            try {
                err = Files.readString(log);
            } catch (IOException e) {
                err = "(cannot read " + log + ": " + e + ")";
            }
            return "; its other output: " + otherOutput + "; its standard error:\n" + err;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
