package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.Job;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.config.ErrandConfigException;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad workloads, keys and wire settings: each a clear error, the worker alive and other jobs unharmed. */
class BadInputTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final GearmandServer gearmand = GearmandServer.launch();
    private static final List<String> timing = new ArrayList<>();
    private static Errand errand;
    private static Worker worker;

    /** RAW on a signature that cannot carry it. */
    public static class BadRaw {
        @Job(name = "bad::raw")
        @GearmanFunction(workload = GearmanFunction.Workload.RAW)
        public int add(int a, int b) {
            return a + b;
        }
    }

    /** Two jobs on one Gearman function. */
    public static class TwoViews {
        @Job(name = "dup::a")
        @GearmanFunction(name = "dup")
        public String a(String s) {
            return s;
        }

        @Job(name = "dup::b")
        @GearmanFunction(name = "dup")
        public String b(String s) {
            return s;
        }
    }

    @BeforeAll
    static void start() {
        errand = GearmanFixture.errand(gearmand);
        worker = GearmanFixture.timedWorker(errand, new Shop(), 8, timing);
    }

    @AfterAll
    static void stop() {
        worker.close();
        errand.close();
        gearmand.close();
    }

    private static Peer perl(String function, String workload) {
        return Peer.start("perl", Peer.script("perl_client.pl"), gearmand.address(), function, workload);
    }

    @Test
    void aWorkloadThatDoesNotBind_failsThatJob_andTheWorkerGoesOn() throws Exception {
        for (String bad : List.of("not json", "{\"customer\":\"ann\",\"nope\":1}", "[\"too\",[1],\"many\"]")) {
            try (Peer p = perl("shop::Total", bad)) {
                assertThat(p.awaitExit(MAX)).as("Perl client given %s", bad).isEqualTo(2);
            }
        }
        synchronized (timing) {
            assertThat(timing.stream().filter(l -> l.contains("fn=shop::Total")).toList())
                    .hasSize(3)
                    .allMatch(l -> l.contains("status=dead"));
        }
        byte[] ok = Peer.run(
                MAX,
                "perl",
                Peer.script("perl_client.pl"),
                gearmand.address(),
                "shop::Total",
                "{\"customer\":\"b\",\"cents\":[1]}");
        assertThat(new String(ok, StandardCharsets.UTF_8)).isEqualTo("{\"customer\":\"b\",\"cents\":1}");
    }

    @Test
    void aUniqueKeyOver63Bytes_isRefusedAtCallTime_namingTheJob() {
        String key = "k".repeat(64);
        assertThatThrownBy(() -> new ShopJobs(errand).upper("x").uniqueKey(key).enqueue())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop::Upper")
                .hasMessageContaining("64 bytes")
                .hasMessageContaining("1 to 63");
        assertThat(new ShopJobs(errand)
                        .upper("sixty-three")
                        .uniqueKey("k".repeat(63))
                        .call())
                .as("a 63-byte key arrives intact")
                .isEqualTo("SIXTY-THREE");
    }

    @Test
    void rawOnASignatureThatCannotCarryIt_failsTheWorkerAtRegistration_namingTheMethod() {
        assertThatThrownBy(() -> errand.worker().register(new BadRaw()).start().close())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("bad::raw")
                .hasMessageContaining(BadRaw.class.getName() + ".add")
                .hasMessageContaining("workload = RAW");
    }

    @Test
    void twoJobsOnOneFunction_failTheWorkerAtRegistration_namingBoth() {
        assertThatThrownBy(
                        () -> errand.worker().register(new TwoViews()).start().close())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("Gearman function dup")
                .hasMessageContaining("dup::a (" + TwoViews.class.getName() + ".a)")
                .hasMessageContaining("dup::b (" + TwoViews.class.getName() + ".b)");
    }

    @Test
    void optionsGearmanCannotHonour_areRefusedAtCallTime_sayingWhatToDo() {
        ShopJobs jobs = new ShopJobs(errand);
        assertThatThrownBy(() -> jobs.upper("x").delay(Duration.ofMinutes(1)).enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shop::Upper")
                .hasMessageContaining("gearman")
                .hasMessageContaining("as soon as a worker is free")
                .hasMessageContaining("errand.gearman.epoch=true");
        assertThatThrownBy(() -> jobs.upper("x").queue("other").enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("routes by function name");
        assertThatThrownBy(() -> errand.awaitFinished(jobs.upper("x").enqueue(), MAX))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("gearmand forgets background jobs");
    }
}
