package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java and Perl TheSchwartz 1.12 (Debian's libtheschwartz-perl and its DBD drivers) on one database whose tables
 * are made from TheSchwartz's own schema file for it. Each database runs these tests through a small subclass.
 */
abstract class PerlInteropContract {
    @TempDir
    Path dir;

    private Path client;
    private Path workerScript;
    private Errand errand;
    private final List<Process> perls = new ArrayList<>();
    private Perl perl;

    /** A new database holding TheSchwartz's tables, made from its own schema file; its JDBC URL. */
    abstract String newDatabase(Path dir) throws Exception;

    /** The same database as Perl's DBI names it. */
    abstract String dsn();

    abstract String user();

    abstract String password();

    /** What {@code error.message} holds of {@code text}: latin1 columns get {@code ?} for other characters. */
    String stored(String text) {
        return text;
    }

    private String url;

    @BeforeEach
    void tablesAsTheSchwartzShipsThem() throws Exception {
        url = newDatabase(dir);
        perl = new Perl(user(), password());
        client = Perl.script(dir, "ts_client.pl");
        workerScript = Perl.script(dir, "ts_worker.pl");
        Shop.audits.clear();
        Shop.counted.clear();
        Shop.failures.clear();
        errand = Errand.builder()
                .config(ErrandConfig.of(
                        Map.of(
                                "errand.backend",
                                "theschwartz",
                                "errand.theschwartz.url",
                                url,
                                "errand.theschwartz.username",
                                user(),
                                "errand.theschwartz.password",
                                password(),
                                "errand.theschwartz.pollInterval",
                                "100ms",
                                "errand.worker.lease",
                                "10s"),
                        "test"))
                .build();
    }

    /** The client on the database of this test. */
    Errand errand() {
        return errand;
    }

    @AfterEach
    void stop() {
        perls.forEach(Process::destroyForcibly);
        errand.close();
    }

    @Test
    void aPerlClientsHashref_runsAJavaJob_withTypedParameters_andEndsAsPerlWorkersEnd() throws Exception {
        long jobid = Long.parseLong(perl.run(client, dsn(), "insert-audit").strip());

        List<String> timing = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Worker w = errand.worker()
                .register(new Shop())
                .threads(2)
                .timingListener(timing::add)
                .start()) {
            await("shop::Audit job " + jobid + " run by the Java worker").until(() -> !Shop.audits.isEmpty());
        }
        assertThat(timing)
                .as("the timing-log line, its delay from insert_time")
                .singleElement()
                .asString()
                .contains("fn=shop::Audit id=" + jobid + " queue=default attempt=1 status=ok delay_ms=")
                .doesNotContain("delay_ms=unknown")
                .contains("backend=theschwartz");

        Shop.Audit a = Shop.audits.get(0);
        assertThat(a.id()).as("'7' from Perl binds to int").isEqualTo(7);
        assertThat(a.amount()).as("64-bit integer as decimal text").isEqualTo(1099511627776L);
        assertThat(a.note()).as("undef").isNull();
        assertThat(a.tags()).containsExactly("a", "b");
        assertThat(a.who()).isEqualTo(new Shop.Who("caf\u00e9 \u263a", 2019));
        assertThat(a.raw()).as("a Perl UTF-8 byte string, decoded as UTF-8").isEqualTo("caf\u00e9");
        await("exit status of job " + jobid)
                .untilAsserted(() -> assertThat(perl.run(client, dsn(), "status", "" + jobid))
                        .as("Perl reads the exit status the Java worker wrote")
                        .isEqualTo("exit=0\n"));
        assertThat(count("SELECT COUNT(*) FROM job"))
                .as("the job row is deleted")
                .isZero();
        assertThat(errand.job(JobId.of("" + jobid)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJavaStub_enqueuesAJob_aPerlWorkerRuns_withArgName() throws Exception {
        JobId id = new PerlShopJobs(errand).echo("caf\u00e9 \u263a", 3).enqueue();

        Path out = dir.resolve("echo.out");
        perl.run(workerScript, dsn(), out.toString(), "echo");

        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("caf\u00e9 \u263a|3\n");
        JobInfo info = errand.awaitFinished(id, Duration.ofSeconds(30));
        assertThat(info.state())
                .as("the Perl worker's exit status, read by Java")
                .isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void javaEnqueues_writeTheCoalesceParameter_thatAPerlWorkerGrabsBy() throws Exception {
        PerlShopJobs shop = new PerlShopJobs(errand);
        shop.ship("order-7", 1).enqueue();
        JobId other = shop.ship("order-8", 2).enqueue();
        shop.ship("order-7", 3).enqueue();

        Path out = dir.resolve("coalesce.out");
        perl.run(workerScript, dsn(), out.toString(), "coalesce", "order-7");

        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
                .as("the jobs Perl grabbed by coalesce value, in the order it shuffled them")
                .containsExactlyInAnyOrder("order-7|1", "order-7|3");
        assertThat(errand.job(other).orElseThrow().state())
                .as("the job of another order, which the coalescing grab left alone")
                .isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void javaArguments_reachPerl_asPerlCodeExpectsThem() throws Exception {
        new PerlShopJobs(errand)
                .dump(
                        7,
                        1099511627776L,
                        1.5,
                        true,
                        null,
                        "caf\u00e9 \u263a",
                        new PerlShop.Item("A-1", List.of(38, 40), Map.of("colour", "red")))
                .enqueue();

        Path out = dir.resolve("dump.out");
        perl.run(workerScript, dsn(), out.toString(), "dump");

        // A 64-bit integer and a double arrive as decimal text, as Perl's own nfreeze writes them in network order.
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"big\":\"bytes:1099511627776\",\"flag\":\"num:1\",\"item\":{\"labels\":{\"colour\":"
                        + "\"bytes:red\"},\"sizes\":[\"num:38\",\"num:40\"],\"sku\":\"bytes:A-1\"},"
                        + "\"missing\":null,\"ratio\":\"bytes:1.5\",\"small\":\"num:7\","
                        + "\"text\":\"chars:caf\u00e9 \u263a\"}\n");
    }

    @Test
    void arrayArgs_reachPerlInOrder_andPerlArraysBindToJava() throws Exception {
        new PerlShapesJobs(errand).array("caf\u00e9 \u263a", 1099511627776L).enqueue();
        Path out = dir.resolve("array.out");
        perl.run(workerScript, dsn(), out.toString(), "dumpfn", "shapes::Array");
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .as("$job->arg of @TheSchwartzFunction(arg = ARRAY)")
                .isEqualTo("[\"chars:caf\u00e9 \u263a\",\"bytes:1099511627776\"]\n");

        Shapes.runs.clear();
        JobId id = JobId.of(perl.run(client, dsn(), "insert", "shapes::InArray", "['y', '3']")
                .strip());
        try (Worker w = errand.worker().register(new Shapes()).start()) {
            assertThat(errand.awaitFinished(id, Duration.ofSeconds(30)).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(Shapes.runs).containsExactly(List.of("array", "y", 3));
    }

    @Test
    void aJavaFailure_isAnErrorRowThatPerlsFailureLogReads_thenDeadWithExitStatus1() throws Exception {
        JobId id = new ShopJobs(errand).refuse(42).enqueue();

        try (Worker w = errand.worker()
                .register(new Shop())
                .retryPolicy((attempt, error) -> Duration.ofSeconds(1))
                .start()) {
            JobInfo info = errand.awaitFinished(id, Duration.ofSeconds(60));
            assertThat(info.state()).isEqualTo(JobState.DEAD);
            assertThat(info.errors()).hasSize(2);
        }

        assertThat(Shop.failures).containsEntry(42, 2);
        assertThat(perl.run(client, dsn(), "status", id.value()))
                .isEqualTo("exit=1\n"
                        + "failure=" + stored("java.lang.IllegalStateException: order 42 is refused \u263a") + "\n"
                        + "failure=" + stored("java.lang.IllegalStateException: order 42 is refused \u263a") + "\n");
    }

    @Test
    void enqueueOnTheCallersConnection_commitsAndRollsBackWithIt() throws Exception {
        try (Connection c = DriverManager.getConnection(url, user(), password())) {
            c.setAutoCommit(false);
            new ShopJobs(errand).count(1).enqueue(c);
            c.rollback();
            assertThat(count("SELECT COUNT(*) FROM job"))
                    .as("rolled back with the caller")
                    .isZero();

            JobId id = new ShopJobs(errand).count(2).enqueue(c);
            c.commit();
            assertThat(errand.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
        Path out = dir.resolve("tx.out");
        Path stop = dir.resolve("stop");
        perls.add(perl.start(workerScript, dsn(), out.toString(), "fleet", stop.toString()));
        await("a Perl worker runs the committed job")
                .until(() -> Files.exists(out) && Files.readString(out).equals("2\n"));
        Files.writeString(stop, "stop");
    }

    @Test
    void withPerlDsn_jobIdsArePerlHandleStrings_bothWays() throws Exception {
        try (Errand handles = Errand.builder()
                .config(ErrandConfig.of(
                        Map.of(
                                "errand.backend", "theschwartz",
                                "errand.theschwartz.url", url,
                                "errand.theschwartz.username", user(),
                                "errand.theschwartz.password", password(),
                                "errand.theschwartz.perlDsn", dsn()),
                        "test"))
                .build()) {
            JobId id = new PerlShopJobs(handles).echo("h", 1).enqueue();
            assertThat(id.value()).matches("[0-9a-f]{32}-[0-9]+");

            perl.run(workerScript, dsn(), dir.resolve("handles.out").toString(), "echo");

            assertThat(perl.run(client, dsn(), "handle-status", id.value()))
                    .as("Perl's handle_from_string reads the Java id")
                    .isEqualTo("exit=0\n");
            String handle = perl.run(client, dsn(), "insert-audit-handle").strip();
            assertThat(handles.job(JobId.of(handle)))
                    .as("Java reads Perl's handle string %s", handle)
                    .map(JobInfo::name)
                    .contains("shop::Audit");
            assertThat(handles.job(JobId.of("0123456789abcdef0123456789abcdef-" + handle.substring(33))))
                    .as("a handle of another database")
                    .isEmpty();
        }
    }

    @Test
    void aSubmittedVoidJob_completesItsFuture_whenAPerlWorkerFinishesIt() throws Exception {
        JobFuture<Void> future = new PerlShopJobs(errand).echo("y", 2).submit();

        perl.run(workerScript, dsn(), dir.resolve("submit.out").toString(), "echo");

        assertThat(future.await(Duration.ofSeconds(30))).isNull();
    }

    @Test
    void aPerlFailure_isSeenByJava_asTheJobsError() throws Exception {
        JobId id = new PerlShopJobs(errand).echo("x", 1).enqueue();

        perl.run(workerScript, dsn(), dir.resolve("fail.out").toString(), "fail");

        JobInfo info = errand.awaitFinished(id, Duration.ofSeconds(30));
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.lastError().orElseThrow().message()).isEqualTo("perl says no");
    }

    @Test
    void aMixedFleet_ofPerlAndJavaWorkers_runsEachJobExactlyOnce() throws Exception {
        int n = 200;
        ShopJobs jobs = new ShopJobs(errand);
        for (int i = 0; i < n; i++) {
            jobs.count(i).enqueue();
        }
        Path stop = dir.resolve("stop");
        List<Path> outs = List.of(dir.resolve("fleet1.out"), dir.resolve("fleet2.out"));
        for (Path out : outs) {
            perls.add(perl.start(workerScript, dsn(), out.toString(), "fleet", stop.toString()));
        }
        // Java joins once Perl has begun, so that both take part whichever side is faster.
        await("a Perl worker runs a fleet::Count job")
                .until(() -> outs.stream()
                        .anyMatch(o -> Files.exists(o) && o.toFile().length() > 0));
        try (Worker w = errand.worker().register(new Shop()).threads(2).start()) {
            await("all " + n + " fleet::Count jobs run")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> count("SELECT COUNT(*) FROM job") == 0);
        }
        Files.writeString(stop, "stop");
        for (Process p : perls) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        List<Integer> runs = new ArrayList<>(Shop.counted);
        int javaRuns = runs.size();
        for (Path out : outs) {
            if (Files.exists(out)) {
                Files.readAllLines(out).forEach(l -> runs.add(Integer.parseInt(l.strip())));
            }
        }
        assertThat(runs)
                .as("each job once (Java ran %d, Perl %d)", javaRuns, runs.size() - javaRuns)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, n).boxed().toList());
        assertThat(javaRuns).as("Java workers took part").isPositive();
        assertThat(runs.size() - javaRuns).as("Perl workers took part").isPositive();
    }

    @Test
    void aJavaGrabThatIsNeverFinished_isGrabbedByAPerlWorker_afterItsLease() throws Exception {
        JobId id = new ShopJobs(errand).count(5).enqueue();
        errand.backend().registerWorker("dying", List.of(ShopJobs.COUNT), Set.of("default"));
        List<ClaimedJob> held = errand.backend().claim(Set.of("default"), 1, "dying", Duration.ofSeconds(2));
        assertThat(held).extracting(ClaimedJob::id).containsExactly(id);
        long until = grabbedUntil(id);

        Path out = dir.resolve("after.out");
        Path stop = dir.resolve("stop");
        perls.add(perl.start(workerScript, dsn(), out.toString(), "fleet", stop.toString()));
        await("the Perl worker runs job " + id + " once its Java grab ran out")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(out) && Files.readString(out).equals("5\n"));
        assertThat(System.currentTimeMillis() / 1000)
                .as("not before grabbed_until")
                .isGreaterThanOrEqualTo(until);
        Files.writeString(stop, "stop");
        assertThat(errand.backend().complete(held.get(0).lease(), null))
                .as("the dead grab's late completion changes nothing")
                .isFalse();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a child that never runs its job would block the read below
    void aJavaWorkerKilledWhileRunningAJob_aPerlWorkerRunsItOnce_afterTheLease() throws Exception {
        JobId id = new ShopJobs(errand).count(11).enqueue();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath,
                        DoomedWorkerMain.class.getName(),
                        url,
                        user(),
                        password())
                .redirectErrorStream(true)
                .start();
        perls.add(java);
        BufferedReader lines = new BufferedReader(new InputStreamReader(java.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null && !line.equals("STARTED 11")) {
            log.append(line).append('\n'); // the worker's log, until its job runs
        }
        assertThat(line)
                .as("the doomed Java worker runs job %s; it wrote:%n%s", id, log)
                .isEqualTo("STARTED 11");
        long until = grabbedUntil(id);
        java.destroyForcibly().waitFor();

        Path out = dir.resolve("rescued.out");
        Path stop = dir.resolve("stop");
        perls.add(perl.start(workerScript, dsn(), out.toString(), "fleet", stop.toString()));
        await("a Perl worker runs job " + id + " once the killed Java worker's grab ran out")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(out) && Files.readString(out).equals("11\n"));
        assertThat(System.currentTimeMillis() / 1000)
                .as("not before grabbed_until")
                .isGreaterThanOrEqualTo(until);
        Files.writeString(stop, "stop");
        assertThat(count("SELECT COUNT(*) FROM job")).isZero();
    }

    @Test
    void aPerlWorkerKilledWhileHoldingAJob_javaRespectsItsGrabFor_thenRunsIt() throws Exception {
        JobId id = new ShopJobs(errand).count(9).enqueue();
        Path out = dir.resolve("hang.out");
        Process hanging = perl.start(workerScript, dsn(), out.toString(), "hang", "4");
        perls.add(hanging);
        await("the Perl worker grabs job " + id)
                .until(() -> Files.exists(out) && Files.readString(out).equals("grabbed " + id + "\n"));
        hanging.destroyForcibly().waitFor();
        long until = grabbedUntil(id);

        try (Worker w = errand.worker().register(new Shop()).start()) {
            await("the Java worker runs job " + id + " after Perl's grab_for")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Shop.counted.contains(9));
            assertThat(System.currentTimeMillis() / 1000)
                    .as("not before grabbed_until")
                    .isGreaterThanOrEqualTo(until);
        }
        assertThat(Shop.counted).containsExactly(9);
    }

    private long grabbedUntil(JobId id) throws SQLException {
        return count("SELECT grabbed_until FROM job WHERE jobid = " + Long.parseLong(id.value()));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user(), password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
