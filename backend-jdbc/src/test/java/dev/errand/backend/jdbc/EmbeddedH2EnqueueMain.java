package dev.errand.backend.jdbc;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.job.JobId;
import dev.errand.testkit.TckServiceJobs;
import java.util.ArrayList;
import java.util.List;

/**
 * A client JVM for {@link EmbeddedH2CrashTest}, meant to be killed with SIGKILL:
 * {@code EmbeddedH2EnqueueMain <url> <key prefix>}. It opens the JDBC backend on an embedded H2
 * file, so the database runs in this process and dies with it, and enqueues
 * {@code record("<prefix>-<n>")} jobs in batches of {@value #BATCH}, one batch after the other,
 * until it is killed. Only after {@code enqueueAll} has returned does it write the batch's ids as
 * one line {@code ACK <epoch millis> <id> ... <id> END} to standard output and flush it: every id printed is an
 * acknowledged job. A line that the kill cut short lacks its {@code END} and acknowledges nothing.
 */
public final class EmbeddedH2EnqueueMain {
    static final int BATCH = 10;

    private EmbeddedH2EnqueueMain() {}

    public static void main(String[] args) {
        String url = args[0];
        String prefix = args[1];
        try (Errand errand =
                Errand.builder().backend("jdbc").property(JdbcSettings.URL, url).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            long n = 0;
            while (true) {
                List<JobCall<Void>> calls = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    calls.add(jobs.record(prefix + "-" + n++));
                }
                List<JobId> ids = errand.enqueueAll(calls);
                StringBuilder line = new StringBuilder("ACK ").append(System.currentTimeMillis());
                ids.forEach(id -> line.append(' ').append(id));
                // one buffered line, one flush: one write to the pipe
                System.out.print(line.append(" END\n"));
                System.out.flush();
            }
        }
    }
}
