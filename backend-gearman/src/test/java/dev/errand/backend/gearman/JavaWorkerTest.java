package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java {@code @Job}s served by {@code errand.worker()...start()} through a real gearmand, called by Perl, C and Java clients. */
class JavaWorkerTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final GearmandServer gearmand = GearmandServer.launch();
    private static Errand errand;
    private static Shop shop;
    private static Worker worker;
    private static final List<String> timing = new ArrayList<>();

    @BeforeAll
    static void start() {
        errand = GearmanFixture.errand(gearmand);
        shop = new Shop();
        worker = errand.worker()
                .register(shop)
                .threads(3)
                .name("shopworker")
                .timingListener(GearmanFixture.collect(timing))
                .start();
    }

    @AfterAll
    static void stop() {
        shop.release.countDown();
        worker.close();
        errand.close();
        gearmand.close();
    }

    private static String perlClient(String function, String workload) throws Exception {
        byte[] out = Peer.run(MAX, "perl", Peer.script("perl_client.pl"), gearmand.address(), function, workload);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String gearmanClient(String function, String workload) throws Exception {
        byte[] out = Peer.run(
                MAX, "gearman", "-h", gearmand.host(), "-p", String.valueOf(gearmand.port()), "-f", function, workload);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void aPerlClientCallsARawJavaJob() throws Exception {
        assertThat(perlClient("shop::Upper", "hello perl")).isEqualTo("HELLO PERL");
    }

    @Test
    void theGearmanToolCallsARawJavaJob() throws Exception {
        assertThat(gearmanClient("shop::Upper", "hello c")).isEqualTo("HELLO C");
    }

    @Test
    void aPerlClientCallsAJsonJavaJobByParameterName() throws Exception {
        assertThat(perlClient("shop::Total", "{\"customer\":\"ann\",\"cents\":[100,250,7]}"))
                .isEqualTo("{\"customer\":\"ann\",\"cents\":357}");
        assertThat(perlClient("shop::Total", "[\"bob\",[1,2]]")).isEqualTo("{\"customer\":\"bob\",\"cents\":3}");
    }

    @Test
    void aPerlClientsBackgroundJobRunsOnTheJavaWorker() throws Exception {
        byte[] handle = Peer.run(
                MAX, "perl", Peer.script("perl_background.pl"), gearmand.address(), "shop::Record", "from perl bg");
        assertThat(new String(handle, StandardCharsets.UTF_8))
                .as("Perl's job id")
                .startsWith(gearmand.address() + "//H:");
        await("the Java worker ran the Perl client's background job")
                .atMost(MAX)
                .until(() -> shop.recorded.contains("from perl bg"));
    }

    @Test
    void aJavaClientCallsTheJavaWorker() {
        ShopJobs jobs = new ShopJobs(errand);
        assertThat(jobs.upper("from java").call()).isEqualTo("FROM JAVA");
        assertThat(jobs.total("cy", List.of(1, 2, 3)).call()).isEqualTo(new Shop.Total("cy", 6));
    }

    @Test
    void aFailingJavaJob_failsEveryClient_withoutCrashingOrHangingIt() throws Exception {
        try (Peer perl = Peer.start("perl", Peer.script("perl_client.pl"), gearmand.address(), "shop::Refuse", "x")) {
            assertThat(perl.awaitExit(MAX))
                    .as("Perl do_task of a failing job: exit 2, not a crash")
                    .isEqualTo(2);
            assertThat(perl.stderr())
                    .contains("warning: java.lang.IllegalStateException: refused: x")
                    .contains("do_task shop::Refuse failed")
                    .doesNotContain("unknown handle");
        }
        try (Peer c = Peer.start(
                "gearman", "-h", gearmand.host(), "-p", String.valueOf(gearmand.port()), "-f", "shop::Refuse", "y")) {
            assertThat(c.awaitExit(MAX)).as("the gearman tool returns, failing").isNotZero();
        }
        assertThatThrownBy(() -> new ShopJobs(errand).refuse("z").call())
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("java.lang.IllegalStateException")
                .hasMessageContaining("refused: z");
    }

    @Test
    void maxAttemptsHoldsForAPerlClient_throughInlineRetries() throws Exception {
        assertThat(perlClient("shop::Flaky", "p")).isEqualTo("ok after 3: p");
        synchronized (timing) {
            assertThat(timing.stream().filter(l -> l.contains("fn=shop::Flaky")).toList())
                    .as("one timing line per attempt: %s", timing)
                    .hasSize(3)
                    .allMatch(l -> l.contains("backend=gearman") && l.contains("delay_ms=unknown"));
        }
    }

    @Test
    void aJobPastItsTimeout_isInterrupted_andRetriedInline_forAPerlClient() throws Exception {
        assertThat(perlClient("shop::Slow", "late")).isEqualTo("attempt 3: late");
        synchronized (timing) {
            assertThat(timing.stream()
                            .filter(l -> l.contains("fn=shop::Slow"))
                            .map(l -> l.replaceAll(".*(attempt=\\d+ status=\\w+).*", "$1"))
                            .toList())
                    .containsExactly("attempt=1 status=retry", "attempt=2 status=retry", "attempt=3 status=ok");
        }
    }

    @Test
    void gearadminShowsTheJavaWorkersFunctionsAndSlots() throws Exception {
        await("gearadmin --status lists shop::Upper with the worker's 3 connections (one per thread)")
                .atMost(MAX)
                .untilAsserted(() -> {
                    String status = new String(
                            Peer.run(
                                    MAX,
                                    "gearadmin",
                                    "-h",
                                    gearmand.host(),
                                    "-p",
                                    String.valueOf(gearmand.port()),
                                    "--status"),
                            StandardCharsets.UTF_8);
                    assertThat(status).containsPattern("(?m)^shop::Upper\\t\\d+\\t\\d+\\t3$");
                });
        String workers = new String(
                Peer.run(MAX, "gearadmin", "-h", gearmand.host(), "-p", String.valueOf(gearmand.port()), "--workers"),
                StandardCharsets.UTF_8);
        assertThat(workers)
                .contains("shopworker")
                .contains("#3")
                .contains("shop::Upper")
                .contains("shop::Total");
    }

    @Test
    void aJavaClientsJobLogsARealDelay() {
        new ShopJobs(errand).upper("stamped").call();
        synchronized (timing) {
            assertThat(timing.stream().filter(l -> l.contains("fn=shop::Upper")).toList())
                    .anyMatch(l -> l.matches(".*delay_ms=\\d+.*"));
        }
    }
}
