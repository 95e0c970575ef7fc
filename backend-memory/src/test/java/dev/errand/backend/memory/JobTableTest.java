package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import dev.errand.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTableTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final QueueState queue = new QueueState("q", 1);

    @Test
    void get_findsOnlyTheExactIdsItGaveOut() {
        JobTable table = new JobTable();
        JobRecord job = job(7);
        table.put(job);

        assertThat(table.get(JobId.of("7"))).isSameAs(job);
        assertThat(table.get(JobId.of("07"))).isNull();
        assertThat(table.get(JobId.of("+7"))).isNull();
        assertThat(table.get(JobId.of("8"))).isNull();
        assertThat(table.get(JobId.of("abc"))).isNull();
        assertThat(table.get(JobId.of("99999999999999999999999"))).isNull();
    }

    @Test
    void removedJobs_releaseTheirMemory() {
        JobTable table = new JobTable();
        List<JobRecord> jobs = new ArrayList<>();
        for (long seq = 1; seq <= 5000; seq++) {
            JobRecord job = job(seq);
            table.put(job);
            jobs.add(job);
        }
        jobs.forEach(table::remove);
        jobs.forEach(table::remove);

        assertThat(table.size()).isZero();
        assertThat(table.get(JobId.of("1"))).isNull();
        assertThat(table.chunkCount())
                .as("only the partly used newest chunk is kept")
                .isEqualTo(1);
    }

    private JobRecord job(long seq) {
        NewJob newJob = new NewJob("send", "q", 0, new byte[0], "fp", 1, Duration.ofMinutes(1), T0, T0, null);
        return new JobRecord(seq, newJob, queue, T0);
    }
}
