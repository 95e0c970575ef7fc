package dev.errand.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the test scenarios as one timing log, for trying {@code errand report} by hand:
 * {@code java -cp target/classes:target/test-classes:target/lib/* dev.errand.report.SampleLogs /tmp/timing.log}.
 */
public final class SampleLogs {
    private SampleLogs() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "timing.log");
        List<String> lines = new ArrayList<>();
        lines.addAll(Scenarios.saturated().lines());
        lines.addAll(Scenarios.healthy().lines());
        lines.addAll(Scenarios.slower().lines());
        lines.addAll(Scenarios.failing().lines());
        Files.write(out, lines);
        System.out.println("wrote " + lines.size() + " lines to " + out);
    }
}
