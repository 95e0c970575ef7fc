package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.backend.gearman.protocol.Peer;
import dev.errand.testservers.GearmandServer;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PHP's Gearman extension (Debian {@code php-gearman}, on libgearman) both ways: a PHP {@code GearmanClient} calls
 * Java jobs ({@code doNormal}, {@code doBackground}), and a Java stub ({@link PhpShop}) calls a PHP
 * {@code GearmanWorker}.
 */
class PhpPeersTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final GearmandServer gearmand = GearmandServer.launch();
    private static final Shop shop = new Shop();
    private static Path dir;
    private static Peer phpWorker;
    private static Errand errand;
    private static Worker worker;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("errand-gearman-php-");
        phpWorker = Peer.start("php", Peer.script("php_worker.php"), gearmand.address(), dir.toString());
        ForeignWorkerTest.awaitWorkers(gearmand, "php::reverse", 1);
        errand = GearmanFixture.errand(gearmand);
        worker = errand.worker().register(shop).threads(2).start();
        ForeignWorkerTest.awaitWorkers(gearmand, "shop::Upper", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        errand.close();
        phpWorker.close();
        gearmand.close();
    }

    private static String php(String mode, String function, String workload, int exit) throws Exception {
        try (Peer client =
                Peer.start("php", Peer.script("php_client.php"), gearmand.address(), mode, function, workload)) {
            assertThat(client.awaitExit(MAX))
                    .as("exit of the PHP client; stderr: %s", client.stderr())
                    .isEqualTo(exit);
            return new String(client.stdout(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void phpDoNormal_callsARawJavaJob() throws Exception {
        assertThat(php("normal", "shop::Upper", "hello php", 0)).isEqualTo("HELLO PHP");
    }

    @Test
    void phpDoNormal_callsAJsonJavaJob() throws Exception {
        assertThat(php("normal", "shop::Total", "{\"customer\":\"ann\",\"cents\":[100,250,7]}", 0))
                .isEqualTo("{\"customer\":\"ann\",\"cents\":357}");
    }

    @Test
    void phpDoNormal_seesAJavaJobsFailure_andTheTaskApi_itsText() throws Exception {
        // doNormal passes over WORK_WARNING; the task API's warning callback gets the exception's text.
        assertThat(php("normal", "shop::Refuse", "no stock", 2)).isEqualTo("FAIL: ");
        assertThat(php("task", "shop::Refuse", "no stock", 2))
                .isEqualTo("FAIL: java.lang.IllegalStateException: refused: no stock");
        assertThat(php("task", "shop::Upper", "tasks too", 0)).isEqualTo("TASKS TOO");
    }

    @Test
    void phpDoBackground_runsOnTheJavaWorker() throws Exception {
        assertThat(php("background", "shop::Record", "from php bg", 0)).startsWith("H:");
        await("the Java worker ran the PHP client's background job")
                .atMost(MAX)
                .until(() -> shop.recorded.contains("from php bg"));
    }

    @Test
    void aJavaStubCallsThePhpWorker_rawJsonParallelAndBackground() throws Exception {
        PhpShopJobs php = new PhpShopJobs(errand);
        assertThat(php.reverse("hello").call()).isEqualTo("olleh");
        assertThat(php.hello("ann", 2).call()).isEqualTo(new PhpShop.Greeting("hello ann hello ann"));
        List<JobFuture<String>> all = errand.submitAll(List.of(php.reverse("ab"), php.reverse("cd")));
        assertThat(JobFuture.awaitAll(all, MAX)).containsExactly("ba", "dc");
        php.append("from java bg").enqueue();
        Path log = dir.resolve("append.log");
        await("the PHP worker ran the Java client's background job")
                .atMost(MAX)
                .until(() -> Files.exists(log) && Files.readString(log).contains("from java bg\n"));
    }
}
