package dev.errand.backend.jdbc;

import dev.errand.Errand;
import dev.errand.testkit.TckService;
import dev.errand.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for {@link TwoProcessTest}: {@code WorkerMain <url> <user> <password> <out-file>}.
 * Prints {@code ready} once its worker runs, stops when a line {@code stop} (or end of input)
 * arrives, and writes every key it ran, one {@code key=count} per line, to the out file.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        TckService service = new TckService();
        try (Errand errand = Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, args[0])
                        .property(JdbcSettings.USERNAME, args[1])
                        .property(JdbcSettings.PASSWORD, args[2])
                        .build();
                Worker worker = errand.worker()
                        .register(service)
                        .queues("tck")
                        .threads(4)
                        .start()) {
            System.out.println("ready " + worker.id());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for the parent
            }
        }
        List<String> lines = new ArrayList<>();
        service.runs.forEach((key, count) -> lines.add(key + "=" + count.get()));
        Files.write(Path.of(args[3]), lines, StandardCharsets.UTF_8);
        System.out.println("done " + lines.size());
    }
}
