package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.worker.DrainResult;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Jobs that cannot run end dead with an error naming the job and the cause, and the worker goes
 * on; plus the deterministic testing modes (drain on a settable clock, inline).
 */
public abstract class BadInputContract extends ContractArea {
    protected BadInputContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    private Errand errand;
    private TckService service;
    private TckServiceJobs jobs;
    private Worker worker;
    private final List<String> timing = new ArrayList<>();

    @BeforeEach
    void openClient() {
        errand = Errand.builder().backend(backend).clock(clock).build();
        service = new TckService();
        jobs = new TckServiceJobs(errand);
        worker = errand.worker()
                .register(service)
                .queues("tck")
                .timingListener(timing::add)
                .build();
    }

    private JobId raw(String name, String fingerprint, String payload) {
        return enqueue(job().name(name)
                        .queue("tck")
                        .fingerprint(fingerprint)
                        .payload(payload)
                        .build())
                .id();
    }

    @TestFactory
    Stream<DynamicTest> unknownJobName_endsDead_andOtherJobsStillRun() {
        return whenDeclared(Capability.QUEUES, () -> {
            JobId unknown = raw("Nobody.knows", "00000000", "[]");
            JobId fine = jobs.record("fine").enqueue();

            DrainResult r = worker.drain();

            assertThat(r.dead()).isEqualTo(1);
            assertThat(state(unknown)).isEqualTo(JobState.DEAD);
            assertThat(info(unknown).lastError().orElseThrow().type()).isEqualTo("UnknownJob");
            assertThat(info(unknown).lastError().orElseThrow().message()).contains("Nobody.knows");
            assertThat(state(fine)).isEqualTo(JobState.SUCCEEDED);
        });
    }

    @TestFactory
    Stream<DynamicTest> changedSignature_endsDead_namingTheJobAndBothFingerprints() {
        return unlessTrait(ContractTrait.REGISTRATION_DEFINES_JOBS, () -> {
            JobId id = raw("TckService.add", "deadbeef", "[1,2]");

            worker.drain();

            JobInfo info = info(id);
            assertThat(info.state()).isEqualTo(JobState.DEAD);
            assertThat(info.errors()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("SignatureMismatch");
                assertThat(e.message())
                        .contains("TckService.add")
                        .contains("deadbeef")
                        .contains(TckServiceJobs.ADD.fingerprint())
                        .contains("(int a, int b)");
            });
        });
    }

    @Test
    void argumentsThatNoLongerDecode_endDead_namingTheArgument() {
        JobId id = raw("TckService.add", TckServiceJobs.ADD.fingerprint(), "[\"one\", 2]");

        worker.drain();

        JobInfo info = info(id);
        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.lastError().orElseThrow().type()).isEqualTo("dev.errand.codec.CodecException");
        assertThat(info.lastError().orElseThrow().message())
                .contains("argument 1 'a'")
                .contains("TckService.add");
    }

    @Test
    void corruptedPayloadBytes_endDead() {
        JobId id = enqueue(job().name("TckService.echo")
                        .queue("tck")
                        .fingerprint(TckServiceJobs.ECHO.fingerprint())
                        .payload(new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF})
                        .build())
                .id();
        JobId wrongCount = raw("TckService.add", TckServiceJobs.ADD.fingerprint(), "[1]");

        worker.drain();

        assertThat(state(id)).isEqualTo(JobState.DEAD);
        assertThat(info(id).lastError().orElseThrow().message()).contains("TckService.echo");
        assertThat(state(wrongCount)).isEqualTo(JobState.DEAD);
        assertThat(info(wrongCount).lastError().orElseThrow().message())
                .contains("has 1 arguments")
                .contains("takes 2");
    }

    @Test
    void gadgetPayloads_endDead_andRunNothing() throws Exception {
        java.nio.file.Path marker =
                java.nio.file.Files.createTempDirectory("errand-gadget").resolve("pwned");
        String command = "[\"touch\",\"" + marker.toString().replace("\\", "/") + "\"]";
        String echo = TckServiceJobs.ECHO.fingerprint();
        String total = TckServiceJobs.TOTAL.fingerprint();
        List<JobId> gadgets = List.of(
                // Jackson polymorphic typing, array form and property form
                raw(
                        "TckService.echo",
                        echo,
                        "[[\"com.sun.rowset.JdbcRowSetImpl\",{\"dataSourceName\":\"ldap://127.0.0.1:1389/x\","
                                + "\"autoCommit\":true}]]"),
                raw("TckService.echo", echo, "[{\"@class\":\"java.lang.ProcessBuilder\",\"command\":" + command + "}]"),
                raw(
                        "TckService.total",
                        total,
                        "[[\"java.util.ArrayList\",[1]],{\"@type\":\"java.lang.ProcessBuilder\"}]"),
                raw(
                        "TckService.total",
                        total,
                        "[[1],{\"w\":{\"@class\":\"java.lang.ProcessBuilder\",\"command\":" + command + "}}]"),
                // Java serialization stream header and a class descriptor
                enqueue(job().name("TckService.echo")
                                .queue("tck")
                                .fingerprint(echo)
                                .payload(new byte[] {
                                    (byte) 0xAC,
                                    (byte) 0xED,
                                    0x00,
                                    0x05,
                                    0x73,
                                    0x72,
                                    0x00,
                                    0x11,
                                    'j',
                                    'a',
                                    'v',
                                    'a',
                                    '.',
                                    'u',
                                    't',
                                    'i',
                                    'l',
                                    '.',
                                    'H',
                                    'a',
                                    's',
                                    'h',
                                    'M',
                                    'a',
                                    'p'
                                })
                                .build())
                        .id());
        JobId fine = jobs.echo("fine").enqueue();

        DrainResult r = worker.drain();

        assertThat(r.dead()).isEqualTo(gadgets.size());
        for (JobId id : gadgets) {
            JobInfo info = info(id);
            assertThat(info.state()).as("gadget job %s", id).isEqualTo(JobState.DEAD);
            assertThat(info.lastError().orElseThrow().type()).isEqualTo("dev.errand.codec.CodecException");
            assertThat(info.lastError().orElseThrow().message())
                    .startsWith("cannot decode")
                    .contains("TckService.");
        }
        assertThat(state(fine)).isEqualTo(JobState.SUCCEEDED);
        assertThat(marker).doesNotExist();
    }

    @Test
    void payloadOverTheLimit_isNotDecodedByTheWorker() {
        Errand small = Errand.builder()
                .backend(backend)
                .clock(clock)
                .property("errand.payload.maxBytes", "64")
                .build();
        Worker strict = small.worker().register(service).queues("tck").build();
        JobId id = raw("TckService.echo", TckServiceJobs.ECHO.fingerprint(), "[\"" + "x".repeat(100) + "\"]");

        strict.drain();

        assertThat(state(id)).isEqualTo(JobState.DEAD);
        assertThat(info(id).lastError().orElseThrow().type()).isEqualTo("PayloadTooLarge");
        assertThat(info(id).lastError().orElseThrow().message())
                .contains("TckService.echo")
                .contains("errand.payload.maxBytes");
    }

    @Test
    void payloadOverTheLimit_isRefusedAtEnqueue_namingTheKey() {
        Errand small = Errand.builder()
                .backend(backend)
                .clock(clock)
                .property("errand.payload.maxBytes", "64")
                .build();

        assertThatThrownBy(() -> new TckServiceJobs(small).echo("x".repeat(100)).enqueue())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TckService.echo")
                .hasMessageContaining("errand.payload.maxBytes");
        assertThat(claim("tck", 10)).isEmpty();
    }

    /** Inside the allowed alphabets, but shaped like SQL and Lua: they must be stored and matched as plain data. */
    private static final List<String> HOSTILE_KEYS = List.of(
            "'); DROP TABLE errand_jobs; --",
            "\"]]..redis.call('FLUSHALL')--",
            "x' OR '1'='1",
            "]] .. redis.call('DEL', KEYS[1]) .. [[",
            "{prefix}jobs ${env:HOME} %s %n ? $1 :id \\ /* */ \u00e9\u6f22");

    @TestFactory
    Stream<DynamicTest> sqlAndLuaLookingNamesAndKeys_roundTripAsPlainData() {
        return whenDeclared(Capability.QUEUES, () -> {
            String name = "Tck.x--$1:y";
            String queue = "q.--:x";
            List<JobId> ids = new ArrayList<>();
            for (String key : HOSTILE_KEYS) {
                var stored = enqueue(job().name(name)
                        .queue(queue)
                        .uniqueKey(key)
                        .payload(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .build());
                assertThat(stored.duplicate())
                        .as("first enqueue with key %s", key)
                        .isFalse();
                ids.add(stored.id());
            }
            assertThat(ids).doesNotHaveDuplicates();
            for (int i = 0; i < HOSTILE_KEYS.size(); i++) {
                String key = HOSTILE_KEYS.get(i);
                JobInfo info = info(ids.get(i));
                assertThat(info.name()).isEqualTo(name);
                assertThat(info.queue()).isEqualTo(queue);
                assertThat(info.uniqueKey()).contains(key);
                var again = enqueue(job().name(name).queue(queue).uniqueKey(key).build());
                assertThat(again.duplicate())
                        .as("second enqueue with key %s", key)
                        .isTrue();
                assertThat(again.id()).isEqualTo(ids.get(i));
            }
            var claimed = claim(queue, 10);
            assertThat(claimed).hasSize(HOSTILE_KEYS.size());
            assertThat(claimed).allSatisfy(c -> {
                assertThat(c.name()).isEqualTo(name);
                assertThat(HOSTILE_KEYS).contains(new String(c.payload(), java.nio.charset.StandardCharsets.UTF_8));
            });

            // the store is intact and a real job carries the same text through the codec and back
            JobId echo = jobs.echo(HOSTILE_KEYS.get(1))
                    .uniqueKey(HOSTILE_KEYS.get(0))
                    .enqueue();
            worker.drain();
            assertThat(state(echo)).isEqualTo(JobState.SUCCEEDED);
            byte[] result = backend.outcome(echo)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .result();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(result, String.class))
                    .isEqualTo(HOSTILE_KEYS.get(1));
        });
    }

    @Test
    void drain_onASettableClock_retriesOnlyWhenTheBackoffHasPassed() {
        JobId id = jobs.flaky("k", 1).enqueue();

        DrainResult first = worker.drain();
        assertThat(first.retried()).isEqualTo(1);
        assertThat(state(id)).isEqualTo(JobState.RETRYABLE);
        assertThat(worker.drain().attempts()).isZero();

        clock.advance(Duration.ofHours(2));
        DrainResult second = worker.drain();

        assertThat(second.succeeded()).isEqualTo(1);
        assertThat(state(id)).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void delay_isMeasuredFromRunAt_onTheInjectedClock() {
        jobs.record("late").delay(Duration.ofMinutes(5)).enqueue();
        jobs.record("waited").enqueue();
        clock.advance(Duration.ofSeconds(7));
        worker.drain();
        clock.advance(Duration.ofMinutes(5));
        worker.drain();

        assertThat(timing).hasSize(2);
        assertThat(timing.get(0)).contains("delay_ms=7000.000");
        assertThat(timing.get(1)).contains("delay_ms=7000.000");
    }

    @TestFactory
    Stream<DynamicTest> inlineMode_runsEachJobInTheCallersThread() {
        return whenDeclared(Capability.RESULTS, () -> {
            Errand inline = Errand.builder()
                    .backend(backend)
                    .clock(clock)
                    .inline(service)
                    .build();
            TckServiceJobs direct = new TckServiceJobs(inline);

            assertThat(direct.add(20, 22).call(Duration.ofSeconds(1))).isEqualTo(42);
            direct.record("inline").enqueue();
            assertThat(service.runs("inline")).isEqualTo(1);
            assertThat(direct.flaky("retried-inline", 2).call(Duration.ofSeconds(1)))
                    .isEqualTo(3);
            assertThatThrownBy(() -> direct.alwaysFail("inline failure").call(Duration.ofSeconds(1)))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("inline failure");
        });
    }
}
