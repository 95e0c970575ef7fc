package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.worker.ClaimStats;
import dev.errand.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One worker process of the {@link FleetScenario}: {@code FleetWorker <properties file> <threads>} serves
 * {@link BenchService} with that many job threads, prints {@code ready} once started, and stops gracefully when its
 * standard input ends (the scenario closes it), printing {@code claims <calls> <empty calls> <jobs>} first.
 */
public final class FleetWorker {
    private FleetWorker() {}

    public static void main(String[] args) throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(in);
        }
        Errand.ErrandBuilder builder = Errand.builder();
        settings.stringPropertyNames().forEach(k -> builder.property(k, settings.getProperty(k)));
        try (Errand errand = builder.build();
                Worker worker = errand.worker()
                        .register(new BenchService())
                        .threads(Integer.parseInt(args[1]))
                        .name("fleet")
                        .start()) {
            System.out.println("ready");
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // the scenario writes nothing; end of input means stop
            }
            ClaimStats claims = worker.claimStats();
            System.out.println("claims " + claims.claims() + " " + claims.emptyClaims() + " " + claims.jobs());
            System.out.flush();
        }
    }
}
