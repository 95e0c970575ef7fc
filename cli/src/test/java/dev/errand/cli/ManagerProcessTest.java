package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.manager.ControlChannel;
import dev.errand.manager.ManagerStatus;
import dev.errand.manager.PidFile;
import dev.errand.manager.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager as operators run it: a real parent process with real child JVMs on a real
 * PostgreSQL, killed and signalled like in production.
 */
@Tag("slow")
class ManagerProcessTest {
    private static final Pattern CHILD_PID = Pattern.compile(" start group=\\S+ pid=(\\d+) ");

    @TempDir
    Path tmp;

    private ManagedSetup setup;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (setup != null) {
            childPids()
                    .forEach(pid -> ProcessHandle.of(pid)
                            .filter(ProcessTree::isErrand)
                            .ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twoChildrenWithFiveJobsEach_runSixtyJobsExactlyOnce_inAtLeastTenGenerations() throws Exception {
        setup = new ManagedSetup(tmp, "recycle").set("errand.manager.group.work.maxJobsPerChild", "5");
        Process manager = start();
        List<JobId> ids;
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                calls.add(jobs.record(setup.dir.toString(), "job-" + i));
            }
            ids = client.enqueueAll(calls);

            setup.await("60 jobs ran", Duration.ofMinutes(3))
                    .until(() -> setup.runs().size() >= 60);
            for (JobId id : ids) {
                assertThat(client.awaitFinished(id, Duration.ofSeconds(30)).state())
                        .isEqualTo(JobState.SUCCEEDED);
            }
        }
        Map<String, Integer> perKey = new HashMap<>();
        setup.runs().forEach(k -> perKey.merge(k, 1, Integer::sum));
        assertThat(perKey).hasSize(60);
        assertThat(perKey.values())
                .as("runs per job")
                .allSatisfy(n -> assertThat(n).isEqualTo(1));
        Set<String> generations = new HashSet<>();
        for (String line : setup.events()) {
            Matcher m = Pattern.compile(" start group=work pid=\\d+ generation=(\\d+)")
                    .matcher(line);
            if (m.find()) {
                generations.add(m.group(1));
            }
        }
        assertThat(generations).as("child generations started").hasSizeGreaterThanOrEqualTo(10);
        assertThat(setup.count(" recycle group=work pid=\\d+ generation=\\d+ exit=0 jobs=5 .* reason=limit limit=5"))
                .as("children recycled after 5 jobs")
                .isGreaterThanOrEqualTo(10);
        setup.await("60 timing lines", Duration.ofSeconds(30))
                .until(() -> setup.lines("timing.log").size() >= 60);
        assertThat(setup.lines("timing.log"))
                .as("one timing line per job, written by the parent")
                .hasSize(60)
                .allSatisfy(l -> assertThat(l)
                        .startsWith("ts=")
                        .contains(" fn=ManagedJobs.record ")
                        .contains(" status=ok "));

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void childKilledMidJob_jobRunsAgainAfterItsLease_andTheChildIsReplaced() throws Exception {
        setup = new ManagedSetup(tmp, "killchild")
                .set("errand.worker.lease", "2s")
                .set("errand.manager.group.work.processes", "1")
                .set("errand.manager.group.work.threads", "1");
        Process manager = start();
        try (Errand client = setup.client()) {
            JobId id = new ManagedJobsJobs(client)
                    .hold(setup.dir.toString(), "long")
                    .enqueue();
            Path started = setup.dir.resolve("long.started");
            setup.await("the job started", Duration.ofSeconds(90)).until(() -> Files.exists(started));
            long childPid = Long.parseLong(Files.readString(started).trim());

            ProcessHandle.of(childPid).orElseThrow().destroyForcibly();

            JobInfo info = client.awaitFinished(id, Duration.ofSeconds(90));
            assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(info.attempt()).isEqualTo(2);
            assertThat(info.errors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.type()).isEqualTo("LeaseExpired"));
            assertThat(setup.runs()).containsExactly("long");
            assertThat(setup.count(" crash group=work pid=" + childPid + " generation=1 exit=137 "))
                    .isEqualTo(1);
            assertThat(setup.count(" backoff group=work crashes_in_window=1 restart_in=200ms"))
                    .isEqualTo(1);
            assertThat(setup.count(" start group=work pid=\\d+ generation=2 reason=restart"))
                    .isEqualTo(1);
        }
        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigtermToTheParent_stopsClaiming_letsTheRunningJobFinish_removesThePidFile_andExitsZero() throws Exception {
        setup = new ManagedSetup(tmp, "sigterm").set("errand.manager.group.work.threads", "1");
        Process manager = start();
        setup.awaitReady(2, Duration.ofSeconds(90));
        List<Long> children =
                setup.children("ready").stream().map(ManagerStatus.Child::pid).toList();
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            JobId running = jobs.hold(setup.dir.toString(), "inflight").enqueue();
            setup.await("the job started", Duration.ofSeconds(60))
                    .until(() -> Files.exists(setup.dir.resolve("inflight.started")));

            manager.destroy(); // SIGTERM
            setup.await("the idle child exited and the busy one stopped claiming", Duration.ofSeconds(30))
                    .until(() -> setup.count(" exit group=work .* reason=stop") == 1
                            && setup.children("stopping").size() == 1);
            JobId late = jobs.record(setup.dir.toString(), "late").enqueue();
            setup.touch("inflight.release");

            assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(40))).isZero();
            assertThat(client.job(running).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(client.job(running).orElseThrow().attempt()).isEqualTo(1);
            assertThat(client.job(late).orElseThrow().state())
                    .as("enqueued after the stop")
                    .isEqualTo(JobState.AVAILABLE);
        }
        assertThat(setup.pidFile()).doesNotExist();
        assertThat(children)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("child " + pid + " alive")
                        .isFalse());
        assertThat(setup.count(" stopping children=2 grace=20s")).isEqualTo(1);
        assertThat(setup.count(" exit group=work pid=\\d+ generation=\\d exit=0 .* reason=stop"))
                .isEqualTo(2);
        assertThat(setup.count(" kill ")).isZero();
        assertThat(setup.count(" stopped pid=" + manager.pid())).isEqualTo(1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigterm_withAJobThatOutlivesTheGracePeriod_stopsAnyway_andTheJobStaysLeasedForAnotherWorker()
            throws Exception {
        setup = new ManagedSetup(tmp, "grace")
                .set("errand.manager.shutdownGrace", "2s")
                .set("errand.manager.group.work.processes", "1")
                .set("errand.manager.group.work.threads", "1");
        Process manager = start();
        try (Errand client = setup.client()) {
            JobId stuck = new ManagedJobsJobs(client)
                    .hold(setup.dir.toString(), "stuck")
                    .enqueue();
            setup.await("the job started", Duration.ofSeconds(90))
                    .until(() -> Files.exists(setup.dir.resolve("stuck.started")));
            long child = Long.parseLong(
                    Files.readString(setup.dir.resolve("stuck.started")).trim());

            long t0 = System.nanoTime();
            manager.destroy();
            assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(30))).isZero();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).as("stop took %s with a grace of 2s", took).isLessThan(Duration.ofSeconds(15));
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(client.job(stuck).orElseThrow().state())
                    .as("left for its lease to expire")
                    .isEqualTo(JobState.RUNNING);
            assertThat(setup.runs()).isEmpty();
            assertThat(setup.pidFile()).doesNotExist();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void parentKilledWithSigkill_childrenNoticeAndExitByThemselves() throws Exception {
        setup = new ManagedSetup(tmp, "orphans");
        Process manager = start();
        setup.awaitReady(2, Duration.ofSeconds(90));
        List<ProcessHandle> children = setup.children("ready").stream()
                .map(c -> ProcessHandle.of(c.pid()).orElseThrow())
                .toList();

        manager.destroyForcibly(); // SIGKILL: no handler runs, the pid file stays

        for (ProcessHandle child : children) {
            assertThat(child.onExit()
                            .thenApply(p -> true)
                            .completeOnTimeout(false, 60, TimeUnit.SECONDS)
                            .get())
                    .as("child " + child.pid() + " exited after its parent died")
                    .isTrue();
        }
        try (Errand client = setup.client()) {
            JobId id = new ManagedJobsJobs(client)
                    .record(setup.dir.toString(), "nobody")
                    .enqueue();
            assertThat(client.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
        assertThat(setup.pidFile()).exists();
        ManagedSetup.Result status = setup.cli("manager", "status");
        assertThat(status.code()).as(status.toString()).isEqualTo(1);
        assertThat(status.err()).contains("not running (stale pid file");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void crashingChildren_areRestartedWithBackoff_thenTheGroupIsPausedAsACrashLoop() throws Exception {
        setup = new ManagedSetup(tmp, "crashloop")
                .set("errand.manager.groups", "work,boom")
                .set("errand.manager.group.work.processes", "1")
                .set("errand.manager.group.boom.workers", "dev.errand.cli.jobs.ExplodingJobs")
                .set("errand.manager.group.boom.processes", "1")
                .set("errand.manager.group.boom.jvmOptions", ManagedSetup.SMALL_JVM)
                .set("errand.manager.crashBackoff", "100ms")
                .set("errand.manager.crashLoop.count", "3");
        Process manager = start();

        setup.awaitEvent(" crash-loop group=boom crashes=3 window=1m", Duration.ofSeconds(90));
        assertThat(setup.count(" crash group=boom pid=\\d+ generation=\\d exit=1 "))
                .isEqualTo(3);
        assertThat(setup.count(" backoff group=boom crashes_in_window=1 restart_in=100ms"))
                .isEqualTo(1);
        assertThat(setup.count(" backoff group=boom crashes_in_window=2 restart_in=200ms"))
                .isEqualTo(1);
        assertThat(setup.lines("manager.log"))
                .anySatisfy(l -> assertThat(l).contains("child group=boom").contains("ExplodingJobs cannot start"));
        setup.await("the status shows the paused group", Duration.ofSeconds(10))
                .until(() -> setup.status()
                        .map(s -> s.groups().stream()
                                .anyMatch(g ->
                                        g.name().equals("boom") && g.state().equals("paused")))
                        .orElse(false));
        setup.awaitReady(1, Duration.ofSeconds(60));
        ManagedSetup.Result status = setup.cli("manager", "status");
        assertThat(status.code()).isZero();
        assertThat(status.out())
                .contains("group boom: paused, 0 of 1 processes")
                .contains("crash loop: 3 crashes within 1m")
                .contains("group work: running, 1 of 1 processes");
        assertThat(setup.count(" start group=boom "))
                .as("no restart after the crash loop")
                .isEqualTo(3);

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    /** {@code nohup} starts the manager with SIGHUP ignored, which the JVM keeps: reload must not need the signal. */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void reload_worksForAManagerStartedUnderNohup() throws Exception {
        setup = new ManagedSetup(tmp, "nohup").set("errand.manager.group.work.processes", "1");
        Process manager = setup.errandProcess(List.of("nohup"), "manager", "manager", "start");
        try {
            setup.awaitReady(1, Duration.ofSeconds(90));
            assertThat(setup.count(" warning SIGHUP does not reach the manager .*'errand manager reload'"))
                    .isEqualTo(1);

            setup.set("errand.manager.group.work.processes", "2");
            ManagedSetup.Result reload = setup.cli("manager", "reload");
            assertThat(reload.code()).as(reload.toString()).isZero();

            setup.awaitEvent(" reload config_version=2 groups=work\\(processes=2", Duration.ofSeconds(30));
            setup.awaitReady(2, Duration.ofSeconds(90));
            assertThat(ControlChannel.reloadRequest(setup.pidFile())).doesNotExist();
            manager.destroy();
            assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
        } finally {
            ProcessTree.cleanUp(manager, setup);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void reload_rollsChildrenOverToTheNewConfiguration_withoutDroppingJobs() throws Exception {
        setup = new ManagedSetup(tmp, "reload").set("errand.manager.group.work.processes", "1");
        Process manager = start();
        setup.awaitReady(1, Duration.ofSeconds(90));
        long oldChild = setup.children("ready").get(0).pid();

        setup.set("errand.manager.group.work.processes", "2");
        ManagedSetup.Result reload = setup.cli("manager", "reload");
        assertThat(reload.code()).as(reload.toString()).isZero();
        assertThat(reload.out()).contains("asked the manager (pid " + manager.pid() + ") to reload");
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(jobs.record(setup.dir.toString(), "during-reload-" + i));
            }
            List<JobId> ids = client.enqueueAll(calls);
            setup.awaitEvent(" exit group=work pid=" + oldChild + " .* reason=reload", Duration.ofSeconds(90));
            for (JobId id : ids) {
                assertThat(client.awaitFinished(id, Duration.ofSeconds(60)).state())
                        .isEqualTo(JobState.SUCCEEDED);
            }
        }
        assertThat(setup.runs()).hasSize(20).doesNotHaveDuplicates();
        assertThat(setup.count(" reload config_version=2 groups=work\\(processes=2"))
                .isEqualTo(1);
        assertThat(setup.count(" start group=work pid=\\d+ generation=[23] reason=reload"))
                .isEqualTo(2);
        assertThat(setup.count(" stop-old group=work pid=" + oldChild + " ")).isEqualTo(1);
        setup.awaitReady(2, Duration.ofSeconds(30));
        assertThat(setup.status().orElseThrow().configVersion()).isEqualTo(2);

        setup.set("errand.manager.group.work.threads", "-3");
        ManagedSetup.Result bad = setup.cli("manager", "reload");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid value '-3' for errand.manager.group.work.threads");
        ProcessHandle.of(manager.pid()).ifPresent(p -> Signals.send(p.pid(), "HUP")); // the manager checks it too
        setup.awaitEvent(
                " reload-failed invalid value '-3' for errand.manager.group.work.threads", Duration.ofSeconds(30));
        assertThat(setup.status().orElseThrow().configVersion()).isEqualTo(2);

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void daemon_startStatusStop_roundTrip_replacingAStalePidFile_andRefusingASecondManager() throws Exception {
        setup = new ManagedSetup(tmp, "daemon")
                .set("errand.manager.group.work.processes", "1")
                .set("errand.manager.logFile", null);
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(setup.pidFile(), finished.pid() + "\n");

        Process launcher = setup.errandProcess("daemon-start", "manager", "start", "--daemon");
        assertThat(ManagedSetup.awaitExit(launcher, Duration.ofSeconds(90)))
                .as(String.join("\n", setup.lines("daemon-start.out")))
                .isZero();
        long daemonPid = new PidFile(setup.pidFile()).read().orElseThrow();
        ProcessHandle daemon = ProcessHandle.of(daemonPid).orElseThrow();
        assertThat(setup.lines("daemon-start.out"))
                .anySatisfy(
                        l -> assertThat(l).startsWith("errand manager started in the background: pid " + daemonPid));
        Path log = setup.dir.resolve("errand-manager.log");
        ManagedSetup.await(
                        "the daemon's child is ready", Duration.ofSeconds(90), () -> String.join("\n", readLines(log)))
                .until(() -> setup.children("ready").size() == 1);
        assertThat(readLines(log))
                .anySatisfy(l -> assertThat(l)
                        .contains(" stale-pid-file file=" + setup.pidFile() + " named pid " + finished.pid()
                                + ", which is not running; replaced it"));

        ManagedSetup.Result status = setup.cli("manager", "status");
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out())
                .contains("errand manager: running, pid " + daemonPid)
                .contains("group work: running, 1 of 1 processes")
                .containsPattern("\\d+ +1 +ready +0 +\\d+s");
        ManagedSetup.Result json = setup.cli("manager", "status", "--json");
        assertThat(json.out()).contains("\"pid\" : " + daemonPid).contains("\"generation\" : 1");

        ManagedSetup.Result second = setup.cli("manager", "start");
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.err()).contains("a manager is already running with pid " + daemonPid);

        ManagedSetup.Result stop = setup.cli("manager", "stop");
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("stopped");
        assertThat(daemon.isAlive()).isFalse();
        assertThat(setup.pidFile()).doesNotExist();
        assertThat(readLines(log)).anySatisfy(l -> assertThat(l).contains(" stopped pid=" + daemonPid));

        ManagedSetup.Result again = setup.cli("manager", "stop");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("no manager is running");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void workerCommand_runsInTheForeground_andStopsGracefullyOnSigterm() throws Exception {
        setup = new ManagedSetup(tmp, "foreground");
        Process worker = setup.errandProcess("worker", "worker", "--workers", ManagedSetup.JOBS, "--threads", "2");
        processes.add(worker);
        ManagedSetup.await(
                        "the worker runs", Duration.ofSeconds(60), () -> String.join("\n", setup.lines("worker.out")))
                .until(() -> setup.lines("worker.out").stream()
                        .anyMatch(l -> l.contains("SIGTERM or Ctrl-C stops it gracefully")));
        try (Errand client = setup.client()) {
            JobId id = new ManagedJobsJobs(client).add(2, 3).enqueue();
            assertThat(client.awaitFinished(id, Duration.ofSeconds(30)).state()).isEqualTo(JobState.SUCCEEDED);
        }
        worker.destroy();
        assertThat(ManagedSetup.awaitExit(worker, Duration.ofSeconds(40))).isZero();
        assertThat(setup.lines("worker.out"))
                .anySatisfy(l -> assertThat(l).contains("stopped (signal) after 1 jobs"))
                .anySatisfy(l -> assertThat(l)
                        .contains("ts=")
                        .contains(" fn=ManagedJobs.add ")
                        .contains(" status=ok "));
    }

    private Process start() throws Exception {
        Process p = setup.startManager();
        processes.add(p);
        return p;
    }

    private List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        for (String file : List.of("manager.log", "errand-manager.log")) {
            for (String line : setup.lines(file)) {
                Matcher m = CHILD_PID.matcher(line);
                if (m.find()) {
                    pids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        new PidFile(setup.pidFile()).read().ifPresent(pids::add);
        return pids;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
