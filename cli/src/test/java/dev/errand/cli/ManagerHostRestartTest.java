package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobId;
import dev.errand.testservers.KillablePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host restart, simulated: while a producer enqueues, two jobs are running and a backlog of 10,000 waits,
 * the manager and its children are SIGKILLed all at once and PostgreSQL (with {@code fsync} and
 * {@code synchronous_commit} on) is stopped like a crash ({@code pg_ctl stop -m immediate}). Then
 * PostgreSQL starts again on the same data directory and a new manager starts on the same
 * configuration. Every acknowledged enqueue ends SUCCEEDED; the jobs that were running run again as
 * attempt 2 after a {@code LeaseExpired} naming a killed child; no job that had SUCCEEDED before
 * the crash runs again; and nothing runs twice without a kill.
 */
@Tag("slow")
class ManagerHostRestartTest {
    private static final int MAX_JOBS = 50_000;
    private static final int BATCH = 50;
    private static final int BACKLOG = 10_000;
    private static final List<String> HOLDS = List.of("hold-0", "hold-1");

    @TempDir
    Path tmp;

    private KillablePostgres postgres;
    private ManagedSetup setup;
    private Process manager;
    private Process restarted;
    private Thread producer;
    private final AtomicBoolean stopProducer = new AtomicBoolean();

    @AfterEach
    void cleanUp() throws Exception {
        stopProducer.set(true);
        ProcessTree.cleanUp(manager, setup);
        ProcessTree.cleanUp(restarted, setup);
        if (producer != null) {
            producer.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void managerChildrenAndPostgresKilledAtOnce_everyAcknowledgedJobSucceedsAfterTheRestart() throws Exception {
        long started = System.nanoTime();
        postgres = KillablePostgres.start(tmp, Map.of());
        setup = ManagedSetup.onDatabase(tmp.resolve("manager"), postgres.url())
                .set("errand.worker.lease", "3s")
                .set("errand.jdbc.pool.connectionTimeout", "1000");
        Files.createDirectories(setup.dir);
        JobTable table = new JobTable(postgres.url());
        assertThat(table.setting("synchronous_commit"))
                .as("production durability: synchronous_commit")
                .isEqualTo("on");
        assertThat(table.setting("fsync")).as("production durability: fsync").isEqualTo("on");

        manager = setup.startManager();
        setup.awaitReady(2, Duration.ofSeconds(90));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicReference<RuntimeException> producerFailure = new AtomicReference<>();
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            for (String hold : HOLDS) {
                acknowledged.put(
                        hold, jobs.hold(setup.dir.toString(), hold).enqueue().value());
            }
            for (int from = 0; from < BACKLOG; from += 1_000) {
                enqueue(jobs, client, "backlog-", from, 1_000, acknowledged);
            }
            producer = new Thread(() -> produce(jobs, client, acknowledged, producerFailure), "producer");
            producer.start();

            setup.await(
                            "both long jobs run, 500 short ones ran and the producer had 500 enqueues acknowledged",
                            Duration.ofSeconds(90))
                    .until(() -> setup.runs().size() >= 500
                            && HOLDS.stream().allMatch(h -> Files.exists(setup.dir.resolve(h + ".started")))
                            && acknowledged.size() >= HOLDS.size() + BACKLOG + 500);
            Map<String, JobTable.Job> before = table.jobs();
            Map<String, Integer> runsBefore = runsPerKey(setup.runs());
            List<ProcessHandle> tree = ProcessTree.of(manager.toHandle());
            assertThat(producer.isAlive())
                    .as("the producer still enqueues when the host crashes")
                    .isTrue();

            // The crash: every process of the manager, then the database, without any handler running.
            ProcessTree.kill(tree);
            postgres.stopImmediately();
            ProcessTree.awaitExit(tree, Duration.ofSeconds(30));
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(producer.isAlive()).as("the producer stopped").isFalse();
            assertThat(producerFailure.get())
                    .as("an enqueue failed while PostgreSQL was down")
                    .isNotNull();
            int acknowledgedAtCrash = acknowledged.size();
            int ranAtCrash = setup.runs().size();
            long waitingAtCrash = before.values().stream()
                    .filter(j -> j.state().equals("AVAILABLE"))
                    .count();
            assertThat(waitingAtCrash).as("jobs waiting when the host crashed").isPositive();
            Set<Long> killed = tree.stream()
                    .map(ProcessHandle::pid)
                    .filter(pid -> pid != manager.pid())
                    .collect(Collectors.toSet());
            assertThat(killed).as("children killed with the manager").hasSize(2);

            postgres.start();
            restarted = setup.startManager();
            ManagedSetup.await(
                            "every job is finished after the restart",
                            Duration.ofSeconds(120),
                            () -> "unfinished: " + table.unfinished() + "\n" + setup.describe())
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> table.unfinished() == 0);

            DeliveryAudit.Result audit = DeliveryAudit.check(acknowledged, setup.runs(), table, killed);
            System.out.printf(
                    "host restart: %d acknowledged at the crash, %d runs before it, %d waiting; after the restart: "
                            + "%s; first failed enqueue: %s; %.1f s%n",
                    acknowledgedAtCrash,
                    ranAtCrash,
                    waitingAtCrash,
                    audit.summary(),
                    producerFailure.get(),
                    (System.nanoTime() - started) / 1e9);
            assertThat(audit.problems()).as(audit.summary()).isEmpty();

            Map<String, JobTable.Job> after = table.jobs();
            for (String hold : HOLDS) {
                assertThat(after.get(acknowledged.get(hold)).attempt())
                        .as(hold + ", running at the crash: its attempt")
                        .isEqualTo(2);
            }
            Map<String, Integer> runsAfter = runsPerKey(setup.runs());
            List<String> ranAgain = new ArrayList<>();
            acknowledged.forEach((key, id) -> {
                JobTable.Job then = before.get(id);
                if (then != null
                        && then.state().equals("SUCCEEDED")
                        && (after.get(id).attempt() != then.attempt()
                                || !runsAfter.get(key).equals(runsBefore.get(key)))) {
                    ranAgain.add(key + " (id " + id + ")");
                }
            });
            assertThat(ranAgain)
                    .as("jobs that had SUCCEEDED before the crash and ran again: a committed completion was lost")
                    .isEmpty();
            assertThat(setup.count(
                            " stale-pid-file .* named pid " + manager.pid() + ", which is not running; replaced it"))
                    .as("the new manager replaced the killed one's pid file by itself")
                    .isEqualTo(1);
        }
        restarted.destroy();
        assertThat(ManagedSetup.awaitExit(restarted, Duration.ofSeconds(60))).isZero();
    }

    /** Enqueues batches until the first failure (PostgreSQL went away) or the limit. */
    private void produce(
            ManagedJobsJobs jobs,
            Errand client,
            Map<String, String> acknowledged,
            AtomicReference<RuntimeException> failure) {
        for (int from = 0; from < MAX_JOBS && !stopProducer.get(); from += BATCH) {
            try {
                enqueue(jobs, client, "job-", from, BATCH, acknowledged);
            } catch (RuntimeException e) {
                failure.set(e);
                return;
            }
        }
    }

    /** One batch of {@code record} jobs keyed {@code prefix + i}; records the acknowledged ids. */
    private void enqueue(
            ManagedJobsJobs jobs, Errand client, String prefix, int from, int count, Map<String, String> acknowledged) {
        List<String> keys = new ArrayList<>(count);
        List<JobCall<Void>> calls = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            keys.add(prefix + i);
            calls.add(jobs.record(setup.dir.toString(), prefix + i));
        }
        List<JobId> ids = client.enqueueAll(calls);
        for (int i = 0; i < ids.size(); i++) {
            acknowledged.put(keys.get(i), ids.get(i).value());
        }
    }

    private static Map<String, Integer> runsPerKey(List<String> runs) {
        Map<String, Integer> perKey = new HashMap<>();
        runs.forEach(k -> perKey.merge(k, 1, Integer::sum));
        return perKey;
    }
}
