package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: 200,000 jobs through the manager with 2 children that are recycled after
 * 20,000 jobs each, on PostgreSQL. Every job SUCCEEDED exactly once (attempt 1, one run, no error),
 * and the timing log has exactly one line per job. It measures and prints — and writes to
 * {@code target/soak-report.txt} — the throughput from the first enqueue to the last completion,
 * the child generations, and each child's peak resident memory ({@code VmHWM}, sampled every
 * 200 ms); none of these figures is asserted.
 */
@Tag("slow")
class ManagerSoakTest {
    private static final int JOBS = 200_000;
    private static final int BATCH = 1_000;
    private static final int MAX_JOBS_PER_CHILD = 20_000;
    private static final Pattern START =
            Pattern.compile(" start group=work pid=(\\d+) generation=(\\d+) reason=(\\S+)");
    private static final Pattern TIMING_ID = Pattern.compile(" id=(\\d+) ");

    @TempDir
    Path tmp;

    private ManagedSetup setup;
    private Process manager;

    @AfterEach
    void killWhatIsLeft() {
        ProcessTree.cleanUp(manager, setup);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoHundredThousandJobs_withRecycledChildren_runExactlyOnce_withOneTimingLineEach() throws Exception {
        long testStart = System.nanoTime();
        setup = new ManagedSetup(tmp, "soak")
                .set("errand.manager.group.work.threads", "4")
                .set("errand.manager.group.work.maxJobsPerChild", Integer.toString(MAX_JOBS_PER_CHILD));
        JobTable table = new JobTable(setup.url);
        manager = setup.startManager();
        setup.awaitReady(2, Duration.ofSeconds(90));

        Map<String, String> acknowledged = new HashMap<>(JOBS * 2);
        long firstEnqueueMicros;
        double enqueueSeconds;
        try (ChildMemorySampler sampler = new ChildMemorySampler(manager.toHandle(), Duration.ofMillis(200));
                Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            long t0 = System.nanoTime();
            firstEnqueueMicros = client.clock().instant().toEpochMilli() * 1000;
            for (int from = 0; from < JOBS; from += BATCH) {
                List<JobCall<Void>> calls = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    calls.add(jobs.record(setup.dir.toString(), "s-" + i));
                }
                List<JobId> ids = client.enqueueAll(calls);
                for (int i = 0; i < ids.size(); i++) {
                    acknowledged.put("s-" + (from + i), ids.get(i).value());
                }
            }
            enqueueSeconds = (System.nanoTime() - t0) / 1e9;
            ManagedSetup.await(
                            "all " + JOBS + " jobs succeeded",
                            Duration.ofSeconds(240),
                            () -> "succeeded: " + table.count("SUCCEEDED") + "\n" + setup.describe())
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> table.count("SUCCEEDED") == JOBS);
            Map<String, JobTable.Job> all = table.jobs();
            long lastFinishedMicros = all.values().stream()
                    .mapToLong(JobTable.Job::finishedAtMicros)
                    .max()
                    .orElseThrow();
            double seconds = (lastFinishedMicros - firstEnqueueMicros) / 1e6;
            setup.await("the timing log has " + JOBS + " lines", Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lineCount(setup.dir.resolve("timing.log")) >= JOBS);
            sampler.close();

            checkExactlyOnce(acknowledged, all, table);
            List<String> report =
                    report(seconds, enqueueSeconds, sampler.memory(), (System.nanoTime() - testStart) / 1e9);
            report.forEach(System.out::println);
            Path file = Path.of(System.getProperty("basedir", "."), "target", "soak-report.txt");
            Files.createDirectories(file.getParent());
            Files.write(file, report, StandardCharsets.UTF_8);
        }
        assertThat(setup.count(" recycle group=work pid=\\d+ generation=\\d+ exit=0 jobs=" + MAX_JOBS_PER_CHILD
                        + " .* reason=limit limit=" + MAX_JOBS_PER_CHILD))
                .as("children recycled after their limit")
                .isGreaterThanOrEqualTo(JOBS / MAX_JOBS_PER_CHILD - 1);
        assertThat(setup.count(" crash ")).as("child crashes").isZero();

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    private void checkExactlyOnce(Map<String, String> acknowledged, Map<String, JobTable.Job> all, JobTable table)
            throws IOException {
        Set<String> ids = new HashSet<>(acknowledged.values());
        assertThat(ids).as("distinct acknowledged ids").hasSize(JOBS);
        assertThat(all.keySet())
                .as("jobs in the table are exactly the acknowledged ones")
                .isEqualTo(ids);
        assertThat(all.values().stream()
                        .filter(j -> !j.state().equals("SUCCEEDED") || j.attempt() != 1)
                        .limit(20)
                        .toList())
                .as("jobs not SUCCEEDED at attempt 1")
                .isEmpty();
        assertThat(table.errors()).as("failed attempts").isEmpty();

        Map<String, Integer> runs = new HashMap<>(JOBS * 2);
        setup.runs().forEach(k -> runs.merge(k, 1, Integer::sum));
        assertThat(runs.keySet()).as("keys run").isEqualTo(acknowledged.keySet());
        assertThat(runs.entrySet().stream()
                        .filter(e -> e.getValue() != 1)
                        .limit(20)
                        .toList())
                .as("keys run more than once")
                .isEmpty();

        Map<String, Integer> lines = new HashMap<>(JOBS * 2);
        List<String> bad = new ArrayList<>();
        try (Stream<String> timing = Files.lines(setup.dir.resolve("timing.log"))) {
            timing.forEach(l -> {
                Matcher m = TIMING_ID.matcher(l);
                if (m.find() && l.contains(" fn=ManagedJobs.record ") && l.contains(" attempt=1 status=ok ")) {
                    lines.merge(m.group(1), 1, Integer::sum);
                } else if (bad.size() < 20) {
                    bad.add(l);
                }
            });
        }
        assertThat(bad)
                .as("timing lines that are not one ok attempt 1 of ManagedJobs.record")
                .isEmpty();
        assertThat(lines.keySet()).as("ids in the timing log").isEqualTo(ids);
        assertThat(lines.entrySet().stream()
                        .filter(e -> e.getValue() != 1)
                        .limit(20)
                        .toList())
                .as("ids with more than one timing line")
                .isEmpty();
    }

    private List<String> report(
            double seconds, double enqueueSeconds, Map<Long, ChildMemorySampler.Memory> memory, double testSeconds) {
        Map<Long, String> generations = new HashMap<>();
        for (String line : setup.events()) {
            Matcher m = START.matcher(line);
            if (m.find()) {
                generations.put(Long.parseLong(m.group(1)), m.group(2) + " (" + m.group(3) + ")");
            }
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "manager soak: %,d jobs (ManagedJobs.record), 2 children x 4 threads, "
                        + "maxJobsPerChild=%,d, child JVM %s",
                JOBS,
                MAX_JOBS_PER_CHILD,
                ManagedSetup.SMALL_JVM));
        out.add(String.format(
                Locale.ROOT,
                "throughput: %.0f jobs/s (%.1f s from the first enqueue to the last completion); "
                        + "enqueue alone: %.1f s in batches of %,d (%.0f jobs/s)",
                JOBS / seconds,
                seconds,
                enqueueSeconds,
                BATCH,
                JOBS / enqueueSeconds));
        out.add(String.format(
                Locale.ROOT,
                "child generations: %d (recycles: %d, crashes: %d)",
                generations.size(),
                setup.count(" recycle group=work "),
                setup.count(" crash group=work ")));
        out.add("peak resident memory per child (VmHWM, sampled every 200 ms; last sample before it exited):");
        out.add("  generation          pid   VmHWM MiB  max VmRSS MiB  samples");
        long peak = 0;
        for (ChildMemorySampler.Memory m : memory.values()) {
            out.add(String.format(
                    Locale.ROOT,
                    "  %-14s %8d %11.1f %14.1f %8d",
                    generations.getOrDefault(m.pid(), "?"),
                    m.pid(),
                    m.peakKb() / 1024.0,
                    m.maxRssKb() / 1024.0,
                    m.samples()));
            peak = Math.max(peak, m.peakKb());
        }
        out.add(String.format(
                Locale.ROOT, "largest child peak: %.1f MiB; test took %.1f s", peak / 1024.0, testSeconds));
        return out;
    }

    private static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
