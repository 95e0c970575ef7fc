package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The ready structure against a sorted set as the model, under random adds, cancels and polls. */
class ReadyQueueTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final QueueState queue = new QueueState("q", 1);
    private long seq;

    @Test
    void pollsInClaimOrder_underRandomAddsRemovesAndPolls() {
        Random random = new Random(42);
        ReadyQueue ready = new ReadyQueue();
        TreeSet<JobRecord> model = new TreeSet<>((a, b) -> JobRecord.readyBefore(a, b) ? -1 : a == b ? 0 : 1);
        List<JobRecord> waiting = new ArrayList<>();
        long clock = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) {
                // Mostly in order, sometimes late (a retry or a promoted job), a few priorities.
                clock += random.nextInt(3);
                long runAt = random.nextInt(8) == 0 ? clock - random.nextInt(50) : clock;
                JobRecord job = job(random.nextInt(8) == 0 ? random.nextInt(20) - 10 : 0, runAt);
                ready.add(job);
                model.add(job);
                waiting.add(job);
            } else if (op < 7 && !waiting.isEmpty()) {
                JobRecord job = waiting.remove(random.nextInt(waiting.size()));
                assertThat(ready.remove(job)).isEqualTo(model.remove(job));
            } else {
                JobRecord expected = model.pollFirst();
                assertThat(ready.peek()).isSameAs(expected);
                assertThat(ready.poll()).isSameAs(expected);
                waiting.remove(expected);
            }
            assertThat(ready.size()).isEqualTo(model.size());
        }
        while (!model.isEmpty()) {
            assertThat(ready.poll()).isSameAs(model.pollFirst());
        }
        assertThat(ready.poll()).isNull();
    }

    @Test
    void manyPriorities_areAllKept() {
        ReadyQueue ready = new ReadyQueue();
        for (int p = 0; p < 40; p++) {
            ready.add(job(p, 0));
        }
        for (int p = 39; p >= 0; p--) {
            assertThat(ready.poll().priority).isEqualTo(p);
        }
    }

    private JobRecord job(int priority, long runAtMillis) {
        Instant runAt = T0.plusMillis(runAtMillis);
        NewJob newJob = new NewJob("send", "q", priority, new byte[0], "fp", 1, Duration.ofMinutes(1), T0, runAt, null);
        return new JobRecord(++seq, newJob, queue, T0.minusSeconds(3600));
    }
}
