package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobId;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testservers.PostgresServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker JVMs (separate {@code java} processes) share one PostgreSQL queue: every one of
 * 2000 jobs runs exactly once, and both processes take part.
 */
class TwoProcessTest {
    private static final int JOBS = 2000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoWorkerProcesses_runEveryJobExactlyOnce() throws Exception {
        String url = PostgresServer.shared().newDatabase("twoprocs");
        Map<String, String> config = Map.of(
                JdbcSettings.URL,
                url,
                JdbcSettings.USERNAME,
                PostgresServer.USER,
                JdbcSettings.PASSWORD,
                PostgresServer.PASSWORD);
        JdbcBackend backend = new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test"), Clock.systemUTC()));
        List<Process> processes = new ArrayList<>();
        try (Errand producer = Errand.builder().backend(backend).build()) {
            List<Path> outputs = List.of(dir.resolve("worker-1.txt"), dir.resolve("worker-2.txt"));
            List<CompletableFuture<String>> ready = new ArrayList<>();
            for (Path out : outputs) {
                Process p = new ProcessBuilder(
                                javaBinary(),
                                "-cp",
                                testClassPath(),
                                WorkerMain.class.getName(),
                                url,
                                PostgresServer.USER,
                                PostgresServer.PASSWORD,
                                out.toString())
                        .redirectError(dir.resolve(out.getFileName() + ".log").toFile())
                        .start();
                processes.add(p);
                ready.add(firstLine(p));
            }
            for (CompletableFuture<String> r : ready) {
                assertThat(r.get(120, TimeUnit.SECONDS)).startsWith("ready");
            }

            TckServiceJobs jobs = new TckServiceJobs(producer);
            List<JobId> ids = new ArrayList<>();
            for (int batch = 0; batch < JOBS / 500; batch++) {
                List<JobCall<Void>> calls = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    calls.add(jobs.record("job-" + (batch * 500 + i)));
                }
                ids.addAll(producer.enqueueAll(calls));
            }
            CompletableFuture.allOf(ids.stream().map(backend::outcome).toArray(CompletableFuture[]::new))
                    .get(180, TimeUnit.SECONDS);

            for (Process p : processes) {
                try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                    w.write("stop\n");
                }
            }
            for (Process p : processes) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS))
                        .as("worker process stopped")
                        .isTrue();
                assertThat(p.exitValue()).isZero();
            }

            Map<String, Integer> runs = new HashMap<>();
            List<Integer> perProcess = new ArrayList<>();
            for (Path out : outputs) {
                List<String> lines = Files.readAllLines(out);
                perProcess.add(lines.size());
                for (String line : lines) {
                    String[] kv = line.split("=");
                    runs.merge(kv[0], Integer.parseInt(kv[1]), Integer::sum);
                }
            }
            System.out.println("two worker processes ran " + perProcess + " of " + JOBS + " jobs");
            assertThat(runs).hasSize(JOBS);
            assertThat(runs.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            assertThat(perProcess)
                    .as("jobs run by each process")
                    .allSatisfy(n -> assertThat(n).isPositive());
            assertThat(succeededFirstTime(backend, ids.size())).isEqualTo(JOBS);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static long succeededFirstTime(JdbcBackend backend, int expected) throws Exception {
        try (Connection c = backend.dataSourceForTests().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT COUNT(*) FROM errand_jobs WHERE state = 'SUCCEEDED' AND attempt = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CompletableFuture<String> firstLine(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = r.readLine();
                return line == null ? "exited with " + p.waitFor() : line;
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
