package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many claimed jobs wait beyond the running ones: threads × window / recent mean run time, from 1 to the batch. */
class PrefetchTest {
    private static final long MICRO = 1_000;
    private static final long MILLI = 1_000_000;

    private final Prefetch prefetch = new Prefetch(8, 1000, Duration.ofMillis(100));

    @Test
    void beforeAnyAttemptRan_one() {
        assertThat(prefetch.jobs()).isEqualTo(1);
    }

    @Test
    void shortJobs_getTheWholeBatch() {
        ranMany(20 * MICRO, 1000);
        assertThat(prefetch.jobs()).isEqualTo(1000);
    }

    @Test
    void tenMillisecondJobs_getWhatTheThreadsRunInTheWindow() {
        ranMany(10 * MILLI, 1000);
        assertThat(prefetch.jobs()).isEqualTo(80); // 8 threads × 100 ms / 10 ms
    }

    @Test
    void oneSecondJobs_getOneWaiting() {
        ranMany(1000 * MILLI, 10);
        assertThat(prefetch.jobs()).isEqualTo(1);
    }

    @Test
    void aSlowFirstAttempt_isSoonOutweighed() {
        prefetch.ran(500 * MILLI); // a cold JVM's first job
        assertThat(prefetch.jobs()).isEqualTo(1);
        ranMany(20 * MICRO, 100);
        assertThat(prefetch.jobs()).isGreaterThanOrEqualTo(150); // mean about 5 ms
        ranMany(20 * MICRO, 156);
        assertThat(prefetch.jobs()).isGreaterThanOrEqualTo(350); // about 2 ms
    }

    @Test
    void whenJobsTurnSlow_oneRoundOfThemOnEveryThreadShrinksIt() {
        ranMany(20 * MICRO, 5000);
        assertThat(prefetch.jobs()).isEqualTo(1000);
        ranMany(1000 * MILLI, 8);
        assertThat(prefetch.jobs()).isBetween(1, 30); // mean about 31 ms
        ranMany(1000 * MILLI, 200);
        assertThat(prefetch.jobs()).isEqualTo(1);
    }

    @Test
    void aMixOfLongAndShortJobs_followsTheirMean() {
        for (int i = 0; i < 5000; i++) {
            prefetch.ran(i % 100 == 0 ? 1000 * MILLI : 20 * MICRO); // one in a hundred takes a second: mean 10 ms
        }
        assertThat(prefetch.jobs()).isBetween(40, 160);
    }

    @Test
    void afterARestart_oneWaitsUntilAnAttemptEnds_andTheFirstSetsTheMean() {
        ranMany(20 * MICRO, 1000);
        prefetch.restart(); // the queue ran dry
        assertThat(prefetch.jobs()).isEqualTo(1);
        prefetch.ran(1000 * MILLI); // the next kind of job takes a second
        assertThat(prefetch.jobs()).isEqualTo(1);
    }

    @Test
    void aHugeWindow_doesNotOverflow() {
        Prefetch forever = new Prefetch(10_000, 1000, Duration.ofDays(365 * 100));
        forever.ran(1000 * MILLI);
        assertThat(forever.jobs()).isEqualTo(1000);
    }

    private void ranMany(long nanos, int times) {
        for (int i = 0; i < times; i++) {
            prefetch.ran(nanos);
        }
    }
}
