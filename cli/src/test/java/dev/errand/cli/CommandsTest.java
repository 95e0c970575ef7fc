package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.cli.jobs.ManagedJobs;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errand enqueue}, {@code job}, {@code queues}, and the operator commands {@code jobs}, {@code retry}, {@code delete},
 * {@code pause} and {@code resume}, on a real PostgreSQL.
 */
class CommandsTest {
    @TempDir
    Path tmp;

    @Test
    void enqueue_printsTheId_andJobAndQueuesShowIt() {
        ManagedSetup setup = new ManagedSetup(tmp, "commands");
        ManagedSetup.Result enqueued = setup.cli("enqueue", "ManagedJobs.record", "[\"" + setup.dir + "\", \"k1\"]");
        assertThat(enqueued.code()).as(enqueued.toString()).isZero();
        String id = enqueued.out().trim();
        assertThat(id).matches("\\d+");

        ManagedSetup.Result job = setup.cli("job", id);
        assertThat(job.code()).as(job.toString()).isZero();
        assertThat(job.out())
                .contains("job " + id + ": ManagedJobs.record on queue managed")
                .containsPattern("state +AVAILABLE")
                .containsPattern("attempts +0 of 5")
                .containsPattern("errors +none");

        ManagedSetup.Result byName = setup.cli(
                "enqueue",
                "ManagedJobs.record",
                "{\"key\": \"k2\", \"dir\": \"" + setup.dir + "\"}",
                "--delay",
                "5m",
                "--priority",
                "3",
                "--unique-key",
                "k2",
                "--queue",
                "later");
        assertThat(byName.code()).as(byName.toString()).isZero();
        ManagedSetup.Result scheduled = setup.cli("job", byName.out().trim());
        assertThat(scheduled.out())
                .contains("on queue later")
                .containsPattern("state +SCHEDULED")
                .containsPattern("priority +3")
                .containsPattern("unique key +k2");

        ManagedSetup.Result queues = setup.cli("queues");
        assertThat(queues.code()).as(queues.toString()).isZero();
        assertThat(queues.out())
                .containsPattern("QUEUE +AVAILABLE +SCHEDULED +RUNNING +RETRYABLE +OLDEST AVAILABLE")
                .containsPattern("later +0 +1 +0 +0 +-")
                .containsPattern("managed +1 +0 +0 +0 +\\d+s ago");
        ManagedSetup.Result json = setup.cli("queues", "--json");
        assertThat(json.out())
                .contains("\"queue\" : \"managed\"")
                .contains("\"available\" : 1")
                .contains("\"scheduled\" : 1");
    }

    @Test
    void enqueueWait_printsTheResult_andJobVerboseShowsTheErrorHistory() {
        ManagedSetup setup = new ManagedSetup(tmp, "wait");
        try (Errand errand = setup.client();
                Worker worker =
                        errand.worker().register(new ManagedJobs()).threads(2).start()) {
            ManagedSetup.Result sum = setup.cli("enqueue", "ManagedJobs.add", "[2, 3]", "--wait", "--timeout", "30s");
            assertThat(sum.code()).as(sum.toString()).isZero();
            assertThat(sum.out()).containsPattern("\\d+\nsucceeded: 5\n");

            ManagedSetup.Result failed =
                    setup.cli("enqueue", "ManagedJobs.fail", "\"disk full\"", "--wait", "--timeout", "30s");
            assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.out())
                    .contains("dead: attempt 1 at ")
                    .contains("java.lang.IllegalStateException: disk full");
            String id = failed.out().lines().findFirst().orElseThrow();
            assertThat(errand.job(dev.errand.job.JobId.of(id)).orElseThrow().state())
                    .isEqualTo(JobState.DEAD);

            ManagedSetup.Result brief = setup.cli("job", id);
            assertThat(brief.out())
                    .containsPattern("state +DEAD")
                    .containsPattern("last error +attempt 1 at .*disk full");
            ManagedSetup.Result verbose = setup.cli("job", id, "-v");
            assertThat(verbose.out()).contains("errors (1):").contains("at dev.errand.cli.jobs.ManagedJobs.fail(");
            assertThat(worker.jobsDone()).isEqualTo(2);
        }
    }

    @Test
    void enqueue_badInput_saysWhatIsWrong_andExitsOne() {
        ManagedSetup setup = new ManagedSetup(tmp, "badinput");
        ManagedSetup.Result unknown = setup.cli("enqueue", "ManagedJobs.nope", "[]");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err())
                .contains("no job named ManagedJobs.nope on the class path; known jobs: ")
                .contains("ManagedJobs.record");

        ManagedSetup.Result wrongType = setup.cli("enqueue", "ManagedJobs.add", "[\"two\", 3]");
        assertThat(wrongType.code()).isEqualTo(1);
        assertThat(wrongType.err())
                .contains("cannot decode argument 1 'a' as int of job ManagedJobs.add")
                .contains("ManagedJobs.add takes (int a, int b)");

        ManagedSetup.Result tooFew = setup.cli("enqueue", "ManagedJobs.add", "[2]");
        assertThat(tooFew.code()).isEqualTo(1);
        assertThat(tooFew.err()).contains("ManagedJobs.add");

        ManagedSetup.Result notJson = setup.cli("enqueue", "ManagedJobs.add", "[2, ");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).contains("JSON-ARGS is not valid JSON");

        ManagedSetup.Result unknownParam = setup.cli("enqueue", "ManagedJobs.add", "{\"a\": 1, \"c\": 2}");
        assertThat(unknownParam.code()).isEqualTo(1);
        assertThat(unknownParam.err())
                .contains("job ManagedJobs.add has no parameter named c; its parameters are (int a, int b)");

        ManagedSetup.Result usage = setup.cli("enqueue");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter: 'FN'");

        ManagedSetup.Result badDelay = setup.cli("enqueue", "ManagedJobs.add", "[1, 2]", "--delay", "soon");
        assertThat(badDelay.code()).isEqualTo(2);
        assertThat(badDelay.err()).contains("'soon' is not a duration");

        try (Errand errand = setup.client()) {
            assertThat(errand.backend().queueStats()).as("nothing was enqueued").isEmpty();
        }
    }

    @Test
    void job_unknownId_andQueues_whenEmpty() {
        ManagedSetup setup = new ManagedSetup(tmp, "empty");
        ManagedSetup.Result job = setup.cli("job", "424242");
        assertThat(job.code()).isEqualTo(1);
        assertThat(job.err()).contains("errand job: no job 424242 in the jdbc backend");

        ManagedSetup.Result queues = setup.cli("queues");
        assertThat(queues.code()).isZero();
        assertThat(queues.out()).contains("no unfinished jobs in the jdbc backend");
    }

    @Test
    void worker_refusesAClassTheGroupDoesNotName_andNeedsSomethingToRun() {
        ManagedSetup setup = new ManagedSetup(tmp, null).set("errand.backend", "memory");
        ManagedSetup.Result other =
                setup.cli("worker", "--group", "work", "--workers", "dev.errand.cli.jobs.ExplodingJobs");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err())
                .contains("class dev.errand.cli.jobs.ExplodingJobs is not named in "
                        + "errand.manager.group.work.workers=dev.errand.cli.jobs.ManagedJobs");

        ManagedSetup.Result noGroup = setup.cli("worker", "--group", "mail");
        assertThat(noGroup.code()).isEqualTo(1);
        assertThat(noGroup.err()).contains("no worker group 'mail' in errand.manager.groups");

        ManagedSetup.Result nothing = setup.cli("worker");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("say what to run: --workers CLASS,... or --group GROUP");

        ManagedSetup.Result noJobs = setup.cli("worker", "--workers", "dev.errand.cli.jobs.NoJobs");
        assertThat(noJobs.code()).isEqualTo(1);
        assertThat(noJobs.err())
                .contains("--workers names class dev.errand.cli.jobs.NoJobs, which has no @Job methods");
    }

    @Test
    void commands_refuseTheMemoryBackend_namingErrandBackend() {
        ManagedSetup setup = new ManagedSetup(tmp, null).set("errand.backend", "memory");
        ManagedSetup.Result r = setup.cli("queues");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("errand.backend=memory")
                .contains("'errand queues' in a process of its own cannot see them");
    }

    @Test
    void schedules_listsEachRecurringJob_withNextAndLastFire_andPausesAndResumesIt() {
        ManagedSetup setup = new ManagedSetup(tmp, "schedules");
        ManagedSetup.Result none = setup.cli("schedules");
        assertThat(none.out()).contains("no recurring jobs in the jdbc backend");
        try (Errand errand = setup.client()) {
            errand.recurring(
                    "nightly-report", "0 0 2 * * *", new ManagedJobsJobs(errand).record(setup.dir.toString(), "n"));
        }

        ManagedSetup.Result list = setup.cli("schedules");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out())
                .containsPattern("NAME +CRON +NEXT FIRE +LAST FIRE +LAST +JOB")
                .containsPattern("nightly-report +0 0 2 \\* \\* \\* \\(UTC\\) +\\S+T02:00:00Z \\(in [^)]+\\) +- +- +"
                        + "ManagedJobs.record on managed");

        ManagedSetup.Result paused = setup.cli("schedules", "pause", "nightly-report");
        assertThat(paused.code()).as(paused.toString()).isZero();
        assertThat(setup.cli("schedules").out()).containsPattern("nightly-report +0 0 2 .* +paused +-");
        ManagedSetup.Result json = setup.cli("schedules", "--json");
        assertThat(json.out())
                .contains("\"name\" : \"nightly-report\"")
                .contains("\"paused\" : true")
                .contains("\"job\" : \"ManagedJobs.record\"");

        assertThat(setup.cli("schedules", "resume", "nightly-report").code()).isZero();
        assertThat(setup.cli("schedules", "--json").out())
                .contains("\"paused\" : false")
                .contains("\"next_fire\"");
        ManagedSetup.Result missing = setup.cli("schedules", "pause", "weekly");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("errand schedules pause: no schedule weekly in the jdbc backend");
    }

    @Test
    void jobs_listsADeadJob_retryRunsItAgain_withItsErrorKept_andDeleteRemovesIt() {
        ManagedSetup setup = new ManagedSetup(tmp, "operator");
        String id;
        try (Errand errand = setup.client();
                Worker worker =
                        errand.worker().register(new ManagedJobs()).threads(2).start()) {
            ManagedSetup.Result failed =
                    setup.cli("enqueue", "ManagedJobs.fail", "\"disk full\"", "--wait", "--timeout", "30s");
            assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
            id = failed.out().lines().findFirst().orElseThrow();
        }

        ManagedSetup.Result dead = setup.cli("jobs", "--state", "DEAD");
        assertThat(dead.code()).as(dead.toString()).isZero();
        assertThat(dead.out())
                .containsPattern("ID +STATE +QUEUE +JOB +ATTEMPTS +ENQUEUED +LAST ERROR")
                .containsPattern(
                        id + " +DEAD +managed +ManagedJobs.fail +1/1 .*java.lang.IllegalStateException: disk full")
                .doesNotContain("next page");
        ManagedSetup.Result json = setup.cli("jobs", "--state", "DEAD", "--json");
        assertThat(json.out())
                .contains("\"id\" : \"" + id + "\"")
                .contains("\"state\" : \"DEAD\"")
                .contains("\"message\" : \"disk full\"")
                .contains("\"next\" : null");

        ManagedSetup.Result retried = setup.cli("retry", id);
        assertThat(retried.code()).as(retried.toString()).isZero();
        assertThat(retried.out())
                .isEqualTo("retried job " + id + " (ManagedJobs.fail on queue managed): AVAILABLE, 1 of 2"
                        + " attempts used, 1 earlier error kept\n");
        ManagedSetup.Result again = setup.cli("retry", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("cannot retry job " + id + ": it is AVAILABLE");
        assertThat(setup.cli("retry", "--dead", "--queue", "managed").out())
                .isEqualTo("no dead jobs on queue managed\n");
        assertThat(setup.cli("retry").code()).as("neither ID nor --dead").isEqualTo(2);

        ManagedSetup.Result deleted = setup.cli("delete", id);
        assertThat(deleted.code()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).isEqualTo("deleted job " + id + " (ManagedJobs.fail on queue managed, AVAILABLE)\n");
        ManagedSetup.Result gone = setup.cli("delete", id);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("no job " + id + " in the jdbc backend");
        assertThat(setup.cli("jobs").out()).contains("no matching jobs in the jdbc backend");
    }

    @Test
    void jobs_pagesWithTheCursorsItPrints_andPauseResumeSayWhatTheyDid() {
        ManagedSetup setup = new ManagedSetup(tmp, "paging");
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(setup.cli("enqueue", "ManagedJobs.record", "[\"" + setup.dir + "\", \"k" + i + "\"]")
                    .out()
                    .trim());
        }

        ManagedSetup.Result first = setup.cli("jobs", "--limit", "2", "--oldest-first");
        assertThat(first.out())
                .containsPattern("\n" + ids.get(0) + " +AVAILABLE")
                .containsPattern("\n" + ids.get(1) + " +AVAILABLE")
                .doesNotContain("previous page");
        String after = nextCursor(first.out());
        ManagedSetup.Result second = setup.cli("jobs", "--limit", "2", "--oldest-first", "--after", after);
        assertThat(second.out())
                .containsPattern("\n" + ids.get(2) + " +AVAILABLE")
                .containsPattern("\n" + ids.get(3) + " +AVAILABLE")
                .doesNotContain("\n" + ids.get(1) + " ")
                .contains("next page:")
                .contains("previous page: --before ");
        ManagedSetup.Result bad = setup.cli("jobs", "--after", "not-a-cursor");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid cursor 'not-a-cursor'");

        ManagedSetup.Result paused = setup.cli("pause", "managed");
        assertThat(paused.code()).as(paused.toString()).isZero();
        assertThat(paused.out())
                .isEqualTo("paused queue managed: workers stop claiming from it within a second; it still"
                        + " accepts jobs\npaused queues: managed\n");
        assertThat(setup.cli("pause", "later", "--json").out())
                .contains("\"paused\" : true")
                .contains("\"later\"");
        assertThat(setup.cli("resume", "managed").out())
                .isEqualTo("resumed queue managed: workers claim from it again"
                        + " within a second\npaused queues: later\n");
        assertThat(setup.cli("resume", "managed").out()).startsWith("queue managed was not paused\n");
        ManagedSetup.Result badName = setup.cli("pause", "no spaces");
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err()).contains("invalid queue name 'no spaces'");
    }

    /** The cursor of the "next page: --after CURSOR" line of a listing. */
    private static String nextCursor(String out) {
        String line = out.lines()
                .filter(l -> l.startsWith("next page:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no next page in:\n" + out));
        return line.substring(line.lastIndexOf(' ') + 1);
    }
}
