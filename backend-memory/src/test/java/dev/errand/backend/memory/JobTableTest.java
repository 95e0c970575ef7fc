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

    @Test
    void lookupsAndRemovalsOnDifferentChunksInTurn_eachFindTheirOwnJob() {
        JobTable table = new JobTable();
        List<JobRecord> jobs = new ArrayList<>();
        jobs.add(null); // numbering starts at 1
        for (long seq = 1; seq < 3 * 1024 + 512; seq++) {
            JobRecord job = job(seq);
            table.put(job);
            jobs.add(job);
        }

        // as a drain does: finished jobs of the oldest chunks dropped while running jobs of a later one are looked up
        for (int seq = 1; seq < 2 * 1024; seq++) {
            table.remove(jobs.get(seq));
            int running = 2 * 1024 + seq % 1024;
            assertThat(table.get(JobId.of(Integer.toString(running)))).isSameAs(jobs.get(running));
            assertThat(table.get(JobId.of(Integer.toString(seq)))).isNull();
        }
        table.remove(jobs.get(1)); // again, on a chunk already dropped

        assertThat(table.chunkCount()).as("the two emptied chunks are dropped").isEqualTo(2);
        assertThat(table.size()).isEqualTo(1024 + 512);
        assertThat(table.get(JobId.of("3583"))).isSameAs(jobs.get(3583));
    }

    private JobRecord job(long seq) {
        NewJob newJob = new NewJob("send", "q", 0, new byte[0], "fp", 1, Duration.ofMinutes(1), T0, T0, null);
        return new JobRecord(seq, newJob, queue, T0);
    }
}
