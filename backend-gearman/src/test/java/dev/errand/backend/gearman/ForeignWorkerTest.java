package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFailedException;
import dev.errand.JobFuture;
import dev.errand.backend.gearman.admin.AdminClient;
import dev.errand.backend.gearman.admin.FunctionStatus;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.backend.gearman.protocol.TestConnection;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testservers.GearmandServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Java stub ({@link PerlShop}) calling functions that Perl {@code Gearman::Worker}s and {@code gearman -w} serve. */
class ForeignWorkerTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final int PERL_WORKERS = 4;
    private static final GearmandServer gearmand = GearmandServer.launch();
    private static final List<Peer> peers = new ArrayList<>();
    private static Path dir;
    private static Errand errand;
    private static PerlShopJobs shop;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("errand-gearman-foreign-");
        for (int i = 0; i < PERL_WORKERS; i++) {
            peers.add(Peer.start("perl", Peer.script("perl_shop_worker.pl"), gearmand.address(), dir.toString()));
        }
        String port = String.valueOf(gearmand.port());
        peers.add(Peer.start("gearman", "-w", "-h", gearmand.host(), "-p", port, "-f", "c::rev", "--", "rev"));
        peers.add(Peer.start(
                "gearman",
                "-w",
                "-h",
                gearmand.host(),
                "-p",
                port,
                "-f",
                "c::fail",
                "--",
                "sh",
                "-c",
                "echo oops; exit 3"));
        awaitWorkers(gearmand, "perl::sleep", PERL_WORKERS);
        awaitWorkers(gearmand, "c::rev", 1);
        awaitWorkers(gearmand, "c::fail", 1);
        errand = GearmanFixture.errand(gearmand);
        shop = new PerlShopJobs(errand);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Peer p : peers) {
            p.close();
        }
        errand.close();
        gearmand.close();
    }

    static void awaitWorkers(GearmandServer server, String function, int n) {
        await("gearmand " + server.address() + " has " + n + " workers for " + function)
                .atMost(MAX)
                .until(() -> status(server, function)
                                .map(FunctionStatus::availableWorkers)
                                .orElse(0L)
                        >= n);
    }

    static java.util.Optional<FunctionStatus> status(GearmandServer server, String function) throws Exception {
        try (AdminClient admin = AdminClient.connect(server.host(), server.port(), MAX)) {
            return admin.status().stream()
                    .filter(f -> f.function().equals(function))
                    .findFirst();
        }
    }

    @Test
    void call_returnsWhatThePerlAndCWorkersAnswer() {
        assertThat(shop.reverse("hello").call()).isEqualTo("olleh");
        assertThat(shop.hello("ann", 2).call()).isEqualTo(new PerlShop.Greeting("hello ann hello ann"));
        assertThat(shop.rev("abc").call()).startsWith("cba");
        assertThat(shop.reverseBytes(new byte[] {1, 2, 3}).call())
                .as("another Java view of perl::reverse, by @GearmanFunction(name)")
                .containsExactly(3, 2, 1);
    }

    @Test
    void aFailingCWorker_failsTheCall_withItsOutput() {
        assertThatThrownBy(() -> shop.fail("x").call())
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("WORK_FAIL")
                .hasMessageContaining("oops");
    }

    @Test
    void aPerlWorkersDie_failsTheCall_withItsMessage_thawedFromStorable() throws Exception {
        try (Peer dying = Peer.start("perl", Peer.script("perl_worker.pl"), gearmand.address(), "dies")) {
            awaitWorkers(gearmand, "dies_fail", 1);
            assertThatThrownBy(() -> shop.perlDies("x").call(MAX))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("perl worker refuses");
        }
    }

    @Test
    void submitAll_pipelinesTheJobs_soTheWallTimeIsNearTheSlowest() {
        List<Integer> millis = List.of(600, 500, 400, 300);
        long start = System.nanoTime();
        List<JobFuture<String>> futures = errand.submitAll(
                millis.stream().map(ms -> shop.sleep(String.valueOf(ms))).toList());
        List<String> results = JobFuture.awaitAll(futures, MAX);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("submitAll of 4 Perl jobs of 600+500+400+300 ms (sum 1800 ms): wall " + wallMs + " ms");
        assertThat(results).containsExactly("600", "500", "400", "300");
        assertThat(wallMs).as("wall time of the pipelined jobs").isBetween(600L, 1_200L);
    }

    @Test
    void enqueue_runsInTheBackgroundOnAPerlWorker() {
        JobId id = shop.append("background line").enqueue();
        assertThat(id.value()).startsWith(gearmand.address() + "//H:");
        await("the Perl worker appended the background job's line")
                .atMost(MAX)
                .until(() -> Files.exists(dir.resolve("append.log"))
                        && Files.readString(dir.resolve("append.log")).contains("background line"));
    }

    @Test
    void priorities_areHonouredByGearmand() throws Exception {
        shop.prioAppend("low").priority(-5).enqueue();
        shop.prioAppend("normal").enqueue();
        shop.prioAppend("high").priority(5).enqueue();
        try (Peer late = Peer.start(
                "perl", Peer.script("perl_shop_worker.pl"), gearmand.address(), dir.toString(), "prio::append")) {
            await("the Perl worker ran the three jobs")
                    .atMost(MAX)
                    .until(() -> Files.exists(dir.resolve("prio.log"))
                            && Files.readAllLines(dir.resolve("prio.log")).size() == 3);
        }
        assertThat(Files.readAllLines(dir.resolve("prio.log"))).containsExactly("high", "normal", "low");
    }

    @Test
    void jobById_andCancel_ofAQueuedBackgroundJob() {
        JobId id = shop.unserved("queued").enqueue();
        assertThat(errand.job(id)).hasValueSatisfying(i -> {
            assertThat(i.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(i.name()).as("the name this client sent it with").isEqualTo("nobody::home");
        });
        assertThat(errand.cancel(id)).isTrue();
        assertThat(errand.job(id)).hasValueSatisfying(i -> assertThat(i.state()).isEqualTo(JobState.CANCELLED));
        assertThat(errand.cancel(id)).as("a second cancel").isFalse();
        assertThat(errand.job(JobId.of(gearmand.address() + "//H:nowhere:1"))).isEmpty();
    }

    @Test
    void cancel_ofAWaitingForegroundJob_cancelsItsFuture() {
        JobFuture<String> f = shop.unserved("waiting").submit();
        assertThat(errand.cancel(f.id())).isTrue();
        assertThatThrownBy(() -> f.await(MAX)).isInstanceOf(CancellationException.class);
    }

    @Test
    void jobById_ofARunningForegroundJob_isRunning() {
        JobFuture<String> f = shop.sleep("1500").submit();
        await("job " + f.id() + " runs on a Perl worker")
                .atMost(MAX)
                .until(() -> errand.job(f.id())
                        .map(i -> i.state() == JobState.RUNNING)
                        .orElse(false));
        assertThat(f.await(MAX)).isEqualTo("1500");
        assertThat(errand.job(f.id()))
                .hasValueSatisfying(i -> assertThat(i.state()).isEqualTo(JobState.SUCCEEDED));
    }

    @Test
    void aUniqueKey_coalescesAJavaAndAPerlClient_onTheServerPerlPicks() throws Exception {
        try (GearmandServer second = GearmandServer.launch();
                Errand both = GearmanFixture.errand(gearmand.address() + "," + second.address(), Map.of())) {
            List<GearmandServer> servers = List.of(gearmand, second);
            String key = "coalesce-" + System.nanoTime();
            while (ServerChoice.perlHash(key.getBytes(StandardCharsets.UTF_8)) % 2 != 1) {
                key = key + "x"; // a key Perl sends to the second server, so the hashing is what matters
            }
            JobFuture<String> java =
                    new PerlShopJobs(both).lateCount("once").uniqueKey(key).submit();
            assertThat(java.id().value()).startsWith(second.address() + "//");
            String servers2 = gearmand.address() + "," + second.address();
            try (Peer perl = Peer.start("perl", Peer.script("perl_client.pl"), servers2, "late::count", "once", key)) {
                awaitClients(second, key, 2);
                try (Peer worker = Peer.start(
                        "perl", Peer.script("perl_shop_worker.pl"), servers2, dir.toString(), "late::count")) {
                    assertThat(java.await(MAX)).isEqualTo("counted once");
                    assertThat(perl.awaitExit(MAX)).isZero();
                    assertThat(new String(perl.stdout(), StandardCharsets.UTF_8))
                            .isEqualTo("counted once");
                }
            }
            assertThat(Files.readAllLines(dir.resolve("count.log")))
                    .as("the coalesced job ran once")
                    .containsExactly("once");
            assertThat(servers).hasSize(2);
        }
    }

    /** Waits until {@code n} clients wait for the job of {@code unique} ({@code GET_STATUS_UNIQUE}'s client count). */
    private static void awaitClients(GearmandServer server, String unique, int n) {
        await("gearmand " + server.address() + " has " + n + " clients waiting for unique " + unique)
                .atMost(MAX)
                .until(() -> {
                    try (TestConnection c = TestConnection.open(server)) {
                        c.send(Packet.ofText(PacketType.GET_STATUS_UNIQUE, unique));
                        Packet res = c.expect(PacketType.STATUS_RES_UNIQUE);
                        return Integer.parseInt(res.text(5)) >= n;
                    }
                });
    }
}
