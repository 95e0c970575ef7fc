package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.ScheduleInfo;
import dev.errand.config.ErrandConfig;
import dev.errand.job.Cron;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.job.MissedRuns;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Schedule;
import dev.errand.worker.Scheduler;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Recurring jobs: stored schedules, fired once per instant by any number of leaderless schedulers (the worker
 * runtime's {@link Scheduler} over the backend's compare-and-set {@link Backend#fireSchedule}), the missed-instant
 * policies, restarts and daylight saving. Schedulers on a backend that declares {@code SHARED} each get their own
 * backend on the store, as separate processes would.
 */
public abstract class RecurringContract extends ContractArea {
    private static final Duration THRESHOLD = Duration.ofMinutes(1);
    private static final String EVERY_SECOND = "* * * * * *";
    private final Function<BackendContext, Backend> sameStore;
    private final List<Backend> others = new ArrayList<>();

    protected RecurringContract(
            Function<BackendContext, Backend> factory, Function<BackendContext, Backend> sameStore) {
        super(factory);
        this.sameStore = sameStore;
    }

    @AfterEach
    void closeOthers() {
        others.forEach(Backend::close);
    }

    /** A schedule of job Tck.recurring on queue {@code rq}, first due at the first instant after T0. */
    private Schedule schedule(String name, String cron, String zone, MissedRuns missed, int cap) {
        Instant next = Scheduler.nextAfter(Cron.parse(cron, zone), clock.instant());
        return new Schedule(
                name,
                cron,
                zone,
                missed,
                cap,
                "Tck.recurring",
                "rq",
                0,
                "[]".getBytes(StandardCharsets.UTF_8),
                "00000000",
                3,
                Duration.ofMinutes(1),
                next,
                false,
                null,
                null);
    }

    private Schedule everySecond(String name) {
        return schedule(name, EVERY_SECOND, "UTC", MissedRuns.RUN_ONCE, 1);
    }

    /** A backend on the store, as another process would open it (the backend under test itself when not SHARED). */
    private Backend process(Clock clock) {
        if (!backend.capabilities().contains(Capability.SHARED)) {
            return backend;
        }
        Backend other = sameStore.apply(new BackendContext(ErrandConfig.empty(), clock));
        assertThat(other)
                .as(
                        "backend '%s' declares SHARED: its contract test must override "
                                + "BackendContract.sameStoreBackend",
                        backend.name())
                .isNotNull();
        others.add(other);
        return other;
    }

    /** Every run enqueued on queue rq, as due instants, in claim order (oldest runAt first). */
    private List<Instant> runs() {
        clock.advance(Duration.ofDays(1));
        List<Instant> at = new ArrayList<>();
        for (List<ClaimedJob> batch = claim("rq", 500); !batch.isEmpty(); batch = claim("rq", 500)) {
            batch.forEach(j -> at.add(j.runAt()));
        }
        return at;
    }

    private static List<Instant> seconds(int fromInclusive, int toInclusive) {
        return IntStream.rangeClosed(fromInclusive, toInclusive)
                .mapToObj(T0::plusSeconds)
                .toList();
    }

    private Schedule stored(String name) {
        return backend.schedules().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("schedule " + name + " is not stored: " + backend.schedules()));
    }

    @Test
    void fireSchedule_isACompareAndSetOnTheNextInstant_andEnqueuesTheRunInTheSameStep() {
        backend.saveSchedule(everySecond("s"));
        Instant first = T0.plusSeconds(1);
        clock.set(first);

        assertThat(backend.dueSchedules(clock.instant(), 10))
                .extracting(Schedule::name)
                .containsExactly("s");
        assertThat(backend.fireSchedule(
                        "s", first, first.plusSeconds(1), List.of(stored("s").runAt(first))))
                .isTrue();
        assertThat(backend.fireSchedule(
                        "s", first, first.plusSeconds(1), List.of(stored("s").runAt(first))))
                .as("a second fire of the same instant")
                .isFalse();

        Schedule s = stored("s");
        assertThat(s.nextFire()).isEqualTo(first.plusSeconds(1));
        assertThat(s.lastFire()).isEqualTo(first);
        JobInfo run = info(s.lastJob());
        assertThat(run.name()).isEqualTo("Tck.recurring");
        assertThat(run.enqueuedAt()).isEqualTo(first);
        assertThat(run.runAt()).isEqualTo(first);
        assertThat(backend.dueSchedules(clock.instant(), 10)).isEmpty();
        assertThat(runs()).containsExactly(first);
    }

    @Test
    void exactlyOnce_underConcurrentSchedulers_steppingAcrossInstants() throws Exception {
        backend.saveSchedule(everySecond("every-second"));
        int n = 4;
        List<Scheduler> schedulers = IntStream.range(0, n)
                .mapToObj(i -> new Scheduler(process(clock), clock, THRESHOLD))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            int enqueued = 0;
            for (int second = 1; second <= 30; second++) {
                clock.set(T0.plusSeconds(second));
                List<Callable<Integer>> ticks =
                        schedulers.stream().<Callable<Integer>>map(s -> s::tick).toList();
                for (Future<Integer> f : pool.invokeAll(ticks)) {
                    enqueued += f.get();
                }
            }
            assertThat(enqueued).as("runs enqueued by all schedulers together").isEqualTo(30);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(runs()).containsExactlyElementsOf(seconds(1, 30));
    }

    @Test
    void clockSkew_ofSecondsBetweenTwoSchedulers_neitherRepeatsNorSkipsAnInstant() {
        backend.saveSchedule(everySecond("skewed"));
        Scheduler behind = new Scheduler(process(clock), clock, THRESHOLD);
        Clock aheadClock = Clock.offset(clock, Duration.ofSeconds(3));
        Scheduler ahead = new Scheduler(process(aheadClock), aheadClock, THRESHOLD);
        for (int second = 1; second <= 20; second++) {
            clock.set(T0.plusSeconds(second));
            if (second % 2 == 0) {
                behind.tick();
                ahead.tick();
            } else {
                ahead.tick();
                behind.tick();
            }
        }
        assertThat(runs())
                .as("every instant up to the clock that is ahead, each once")
                .containsExactlyElementsOf(seconds(1, 23));
    }

    @Test
    void instants_areWholeSeconds_whenSchedulesAreSavedAndFiredAtFractionsOfASecond() {
        // Workers tick at any phase of a second; the instants must not take it on, or two workers would disagree on
        // what an instant is.
        clock.set(T0.plusMillis(524));
        backend.saveSchedule(everySecond("fractions"));
        assertThat(stored("fractions").nextFire()).isEqualTo(T0.plusSeconds(1));
        Clock laterPhase = Clock.offset(clock, Duration.ofMillis(444));
        Scheduler early = new Scheduler(process(clock), clock, THRESHOLD);
        Scheduler late = new Scheduler(process(laterPhase), laterPhase, THRESHOLD);
        for (int second = 1; second <= 10; second++) {
            clock.set(T0.plusSeconds(second).plusMillis(524));
            late.tick();
            early.tick();
        }
        clock.set(T0.plusSeconds(200).plusMillis(524)); // an outage: instants 11 to 200 were missed
        early.tick();
        clock.set(T0.plusSeconds(201).plusMillis(524));
        late.tick();
        List<Instant> expected = new ArrayList<>(seconds(1, 11));
        expected.addAll(seconds(201, 201));
        assertThat(runs())
                .as("whole-second instants, each once; one run for the outage, at its first missed instant")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void missedInstants_runOnce_enqueuesOneRunAtTheFirstMissedInstant_thenGoesOnFromNow() {
        backend.saveSchedule(schedule("once", "0 * * * * *", "UTC", MissedRuns.RUN_ONCE, 1));
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(30));

        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(1);

        Schedule s = stored("once");
        assertThat(s.nextFire()).isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(60));
        assertThat(s.lastFire()).isEqualTo(T0.plusSeconds(60));
        assertThat(info(s.lastJob()).runAt())
                .as("the run is due at the missed instant, so its delay shows how late it ran")
                .isEqualTo(T0.plusSeconds(60));
        assertThat(runs()).containsExactly(T0.plusSeconds(60));
    }

    @Test
    void missedInstants_runEach_enqueuesTheLatestUpToTheCap() {
        backend.saveSchedule(schedule("each", "0 * * * * *", "UTC", MissedRuns.RUN_EACH, 5));
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(30));

        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(5);

        assertThat(runs())
                .containsExactly(
                        T0.plusSeconds(56 * 60),
                        T0.plusSeconds(57 * 60),
                        T0.plusSeconds(58 * 60),
                        T0.plusSeconds(59 * 60),
                        T0.plusSeconds(60 * 60));
    }

    @Test
    void missedInstants_runEach_afterAYearOfAnEverySecondSchedule_enqueuesOnlyTheLatestCap() {
        backend.saveSchedule(schedule("year", EVERY_SECOND, "UTC", MissedRuns.RUN_EACH, 3));
        Instant now = T0.plus(Duration.ofDays(365));
        clock.set(now);

        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(3);

        assertThat(stored("year").nextFire()).isEqualTo(now.plusSeconds(1));
        assertThat(runs()).containsExactly(now.minusSeconds(2), now.minusSeconds(1), now);
    }

    @Test
    void missedInstants_skip_enqueuesNothing_andGoesOnFromNow() {
        backend.saveSchedule(schedule("skip", "0 * * * * *", "UTC", MissedRuns.SKIP, 1));
        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(30));

        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isZero();

        assertThat(stored("skip").nextFire())
                .isEqualTo(T0.plus(Duration.ofHours(1)).plusSeconds(60));
        assertThat(stored("skip").lastJob()).isNull();
        assertThat(runs()).isEmpty();
    }

    @Test
    void lateByLessThanTheThreshold_eachInstantStillRuns() {
        backend.saveSchedule(schedule("late", "*/10 * * * * *", "UTC", MissedRuns.SKIP, 1));
        clock.set(T0.plusSeconds(45));

        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(4);

        assertThat(runs())
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30), T0.plusSeconds(40));
    }

    @Test
    void saveSchedule_again_keepsTheNextInstantAndState_whenTheCronIsUnchanged_andTakesTheNewOneWhenItChanged() {
        backend.saveSchedule(everySecond("s"));
        clock.set(T0.plusSeconds(5));
        new Scheduler(backend, clock, THRESHOLD).tick();
        assertThat(backend.pauseSchedule("s")).isTrue();
        Schedule fired = stored("s");

        backend.saveSchedule(everySecond("s").paused(false, T0.plusSeconds(100)));
        assertThat(stored("s").nextFire())
                .as("next instant kept for the same cron")
                .isEqualTo(fired.nextFire());
        assertThat(stored("s").paused()).as("an operator's pause is kept").isTrue();
        assertThat(stored("s").lastJob()).isEqualTo(fired.lastJob());

        backend.saveSchedule(schedule("s", "0 0 * * * *", "UTC", MissedRuns.SKIP, 1));
        Schedule changed = stored("s");
        assertThat(changed.cron()).isEqualTo("0 0 * * * *");
        assertThat(changed.missed()).isEqualTo(MissedRuns.SKIP);
        assertThat(changed.nextFire()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(changed.lastFire()).isEqualTo(fired.lastFire());
    }

    @Test
    void saveSchedule_onAnotherQueue_keepsItsNextInstantAndState_andItsRunsGoToTheNewQueue() {
        backend.saveSchedule(everySecond("mover"));
        clock.set(T0.plusSeconds(2));
        new Scheduler(backend, clock, THRESHOLD).tick();
        Schedule before = stored("mover");
        Schedule s = everySecond("mover");
        backend.saveSchedule(new Schedule(
                s.name(),
                s.cron(),
                s.zone(),
                s.missed(),
                s.maxCatchUp(),
                s.jobName(),
                "rq2",
                s.priority(),
                s.payload(),
                s.fingerprint(),
                s.maxAttempts(),
                s.timeout(),
                T0.plusSeconds(100),
                false,
                null,
                null));

        Schedule moved = stored("mover");
        assertThat(moved.queue()).isEqualTo("rq2");
        assertThat(moved.nextFire()).isEqualTo(before.nextFire());
        assertThat(moved.lastJob()).isEqualTo(before.lastJob());
        assertThat(backend.schedules()).hasSize(1);
        clock.set(T0.plusSeconds(3));
        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(1);
        assertThat(claim("rq2", 10)).extracting(ClaimedJob::runAt).containsExactly(T0.plusSeconds(3));
        assertThat(runs()).containsExactlyElementsOf(seconds(1, 2));
    }

    @Test
    void pauseResumeDelete_andListing() {
        backend.saveSchedule(everySecond("b"));
        backend.saveSchedule(everySecond("a"));
        assertThat(backend.schedules()).extracting(Schedule::name).containsExactly("a", "b");

        assertThat(backend.pauseSchedule("a")).isTrue();
        clock.set(T0.plusSeconds(1));
        assertThat(backend.dueSchedules(clock.instant(), 10))
                .extracting(Schedule::name)
                .containsExactly("b");
        assertThat(backend.fireSchedule("a", T0.plusSeconds(1), T0.plusSeconds(2), List.of()))
                .as("a paused schedule does not fire")
                .isFalse();

        assertThat(backend.resumeSchedule("a", T0.plusSeconds(10))).isTrue();
        assertThat(stored("a").paused()).isFalse();
        assertThat(stored("a").nextFire()).isEqualTo(T0.plusSeconds(10));

        assertThat(backend.deleteSchedule("b")).isTrue();
        assertThat(backend.deleteSchedule("b")).isFalse();
        assertThat(backend.pauseSchedule("b")).isFalse();
        assertThat(backend.resumeSchedule("b", T0)).isFalse();
        assertThat(backend.fireSchedule("b", T0.plusSeconds(1), T0.plusSeconds(2), List.of()))
                .isFalse();
        assertThat(backend.schedules()).extracting(Schedule::name).containsExactly("a");
    }

    /** Only a durable backend keeps a schedule over a restart; for others there is no test, rather than a skip. */
    @TestFactory
    Stream<DynamicTest> restart_keepsTheScheduleAndItsNextInstant() {
        return backend.capabilities().contains(Capability.DURABLE)
                ? Stream.of(DynamicTest.dynamicTest(
                        "DURABLE (declared by " + backend.name() + ")", this::restartKeepsTheSchedule))
                : Stream.empty();
    }

    private void restartKeepsTheSchedule() {
        backend.saveSchedule(everySecond("kept"));
        clock.set(T0.plusSeconds(3));
        new Scheduler(backend, clock, THRESHOLD).tick();
        Schedule before = stored("kept");
        backend.close();
        backend = sameStore.apply(new BackendContext(ErrandConfig.empty(), clock));

        assertThat(backend.schedules()).containsExactly(before);
        backend.saveSchedule(everySecond("kept"));
        clock.set(T0.plusSeconds(4));
        assertThat(new Scheduler(backend, clock, THRESHOLD).tick()).isEqualTo(1);
        assertThat(runs()).containsExactlyElementsOf(seconds(1, 4));
    }

    @Test
    void dst_aTimeInTheRepeatedHourFiresOnce_andOneInTheSkippedHourNotAtAll() {
        // Europe/Berlin: 2030-03-31 02:00 -> 03:00 (02:30 does not happen), 2030-10-27 03:00 -> 02:00 (it happens
        // twice)
        clock.set(Instant.parse("2030-03-29T12:00:00Z"));
        backend.saveSchedule(schedule("dst", "0 30 2 * * *", "Europe/Berlin", MissedRuns.SKIP, 1));
        Scheduler scheduler = new Scheduler(backend, clock, THRESHOLD);
        for (Instant t = clock.instant();
                t.isBefore(Instant.parse("2030-04-02T00:00:00Z"));
                t = t.plus(Duration.ofMinutes(15))) {
            clock.set(t);
            scheduler.tick();
        }
        clock.set(Instant.parse("2030-10-26T12:00:00Z"));
        backend.resumeSchedule(
                "dst", Scheduler.nextAfter(Cron.parse("0 30 2 * * *", "Europe/Berlin"), clock.instant()));
        for (Instant t = clock.instant();
                t.isBefore(Instant.parse("2030-10-28T12:00:00Z"));
                t = t.plus(Duration.ofMinutes(15))) {
            clock.set(t);
            scheduler.tick();
        }
        assertThat(runs())
                .containsExactly(
                        Instant.parse("2030-03-30T01:30:00Z"), Instant.parse("2030-04-01T00:30:00Z"),
                        Instant.parse("2030-10-27T00:30:00Z"), Instant.parse("2030-10-28T01:30:00Z"));
    }

    @Test
    void programmaticSchedule_runsAnOrdinaryJobAtEachInstant_andListsItsLastOutcome() {
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend(backend).clock(clock).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            ScheduleInfo defined = errand.recurring("ten-seconds", "*/10 * * * * *", jobs.record("tick"));
            assertThat(defined.nextFire()).contains(T0.plusSeconds(10));
            Worker worker = errand.worker().register(service).build();

            clock.set(T0.plusSeconds(10));
            worker.drain();
            clock.set(T0.plusSeconds(15));
            worker.drain();
            clock.set(T0.plusSeconds(20));
            worker.drain();

            assertThat(service.runs("tick")).isEqualTo(2);
            ScheduleInfo listed = errand.schedules().find("ten-seconds").orElseThrow();
            assertThat(listed.lastFire()).contains(T0.plusSeconds(20));
            assertThat(listed.lastOutcome()).contains(JobState.SUCCEEDED);
            assertThat(listed.nextFire()).contains(T0.plusSeconds(30));
            assertThat(errand.job(listed.lastJob().orElseThrow()).orElseThrow().name())
                    .isEqualTo("TckService.record");

            assertThat(errand.schedules()
                            .update("ten-seconds", "*/10 * * * * *", jobs.record("tock"))
                            .nextFire())
                    .as("same expression: next instant kept")
                    .contains(T0.plusSeconds(30));
            assertThatThrownBy(() -> errand.schedules().update("no-such", "* * * * * *", jobs.record("x")))
                    .isInstanceOf(java.util.NoSuchElementException.class)
                    .hasMessage("no schedule no-such in the " + backend.name() + " backend to update; define it with "
                            + "errand.recurring(name, cron, call)");
            assertThat(errand.schedules().pause("ten-seconds")).isTrue();
            clock.set(T0.plusSeconds(40));
            worker.drain();
            assertThat(service.runs("tick")).as("paused").isEqualTo(2);
            assertThat(errand.schedules().resume("ten-seconds")).isTrue();
            assertThat(errand.schedules().find("ten-seconds").orElseThrow().nextFire())
                    .contains(T0.plusSeconds(50));
            assertThat(errand.schedules().delete("ten-seconds")).isTrue();
            assertThat(errand.schedules().list()).isEmpty();
        }
    }

    @Test
    void programmaticSchedule_withABadExpression_failsNamingTheScheduleAndTheExpression() {
        try (Errand errand = Errand.builder().backend(backend).clock(clock).build()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            assertThatThrownBy(() -> errand.recurring("nightly-report", "0 0 25 * * *", jobs.record("x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("schedule nightly-report: cron expression \"0 0 25 * * *\" is not valid");
            assertThatThrownBy(() -> errand.schedules()
                            .define("berlin", "0 0 2 * * *", "Berlin/Mitte", MissedRuns.RUN_ONCE, 1, jobs.record("x")))
                    .hasMessageStartingWith("schedule berlin: unknown time zone \"Berlin/Mitte\"");
            assertThat(backend.schedules()).isEmpty();
        }
    }

    @Test
    void annotatedJob_isStoredWhenAWorkerStarts_andEachInstantRunsOnce_acrossWorkersAndRestarts() {
        TckRecurring service = new TckRecurring();
        try (Errand errand = Errand.builder().backend(backend).clock(clock).build()) {
            Worker first = errand.worker().register(service).build();
            Worker second = errand.worker().register(service).build();
            first.drain();
            assertThat(stored("tck-every-ten-seconds").nextFire()).isEqualTo(T0.plusSeconds(10));
            assertThat(stored("tck-every-ten-seconds").jobName()).isEqualTo("TckRecurring.tick");

            for (int second10 = 1; second10 <= 3; second10++) {
                clock.set(T0.plusSeconds(10L * second10));
                first.drain();
                second.drain();
                Worker restarted = errand.worker().register(service).build(); // stores the schedule again
                restarted.drain();
            }

            assertThat(service.runs).as("runs at 10 s, 20 s and 30 s").hasValue(3);
            assertThat(stored("tck-every-ten-seconds").nextFire()).isEqualTo(T0.plusSeconds(40));
        }
    }
}
