package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errand.report.Scenarios;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void report_printsFiguresTrendAndTheSaturationVerdict() throws IOException {
        Path log = write("timing.log", Scenarios.saturated().lines());

        int code = errand("report", log.toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(stdout())
                .contains("BookmarkService.fetchSummary")
                .contains("attempts  35,530 (ok 35,530, retry 0, dead 0), throughput 29.6 jobs/s")
                .contains("process   p50 100 ms")
                .contains("trend in 30 s buckets")
                .containsPattern("14:05:00 +600 +20 +20 ")
                .contains("SATURATED: delay p95 rose from 3.0 ms")
                .contains("workers are saturated from 14:10;")
                .contains("→ add at least 2 workers (or threads).");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void report_readsGzipByItsMagicBytesWhateverTheName() throws IOException {
        Path gz = dir.resolve("timing.2026-11-28.log"); // no .gz suffix on purpose
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(String.join("\n", Scenarios.healthy().lines()).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(errand("report", gz.toString())).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("MailService.send").contains("HEALTHY: healthy: delay p95 stayed under 5.0 s");
    }

    @Test
    void report_readsStandardInput() {
        byte[] log = String.join("\n", Scenarios.healthy().lines()).getBytes(StandardCharsets.UTF_8);
        int code = Main.run(new String[] {"report", "-"}, new ByteArrayInputStream(log), out, err);
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).startsWith("errand report: standard input, 24,000 lines: 24,000 timing lines");
    }

    @Test
    void report_mergesFilesFromManyHostsInAnyOrder() throws IOException {
        List<String> lines = Scenarios.saturated().lines();
        Path whole = write("whole.log", lines);
        // three hosts' files: by worker, the last one gzip, named in reverse order
        List<List<String>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String line : lines) {
            int w = line.charAt(line.length() - 1) - '1';
            parts.get(Math.min(w, 2)).add(line);
        }
        Path a = write("host-a.log", parts.get(0));
        Path b = write("host-b.log", parts.get(1));
        Path c = dir.resolve("host-c.log.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(c))) {
            o.write((String.join("\n", parts.get(2)) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        assertThat(errand("report", "--json", whole.toString())).isEqualTo(ExitCodes.OK);
        JsonNode one = json().get("functions");
        out.reset();
        assertThat(errand("report", "--json", c.toString(), b.toString(), a.toString()))
                .isEqualTo(ExitCodes.OK);
        JsonNode merged = json();
        assertThat(merged.at("/sources").size()).isEqualTo(3);
        assertThat(merged.get("functions")).isEqualTo(one);
    }

    @Test
    void report_countsAndSkipsMalformedAndForeignLines() throws IOException {
        List<String> lines = new ArrayList<>(Scenarios.healthy().lines());
        lines.add(0, "2026-11-28 14:00:00 INFO  app - started");
        lines.add(100, "ts=2026-11-28T14:00:05.000Z fn=MailService.send status=ok delay_ms=?? process_ms=1.000");
        lines.add(
                200,
                "INFO timing - ts=2026-11-28T14:00:09.000Z fn=MailService.send status=maybe delay_ms=1.000 process_ms=1.000");
        lines.add(300, "GET /health 200");
        Path log = write("mixed.log", lines);

        assertThat(errand("report", log.toString())).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("24,004 lines: 24,000 timing lines, 4 skipped (2 not timing lines, 2 malformed)");
        out.reset();
        assertThat(errand("report", "--json", log.toString())).isEqualTo(ExitCodes.OK);
        assertThat(json().at("/lines/malformed").asLong()).isEqualTo(2);
        assertThat(json().at("/lines/foreign").asLong()).isEqualTo(2);
    }

    @Test
    void report_writesTheHtmlFile() throws Exception {
        List<String> lines = new ArrayList<>(Scenarios.saturated().lines());
        lines.addAll(Scenarios.healthy().lines());
        Path log = write("timing.log", lines);
        Path html = dir.resolve("report.html");

        assertThat(errand("report", "--html", html.toString(), log.toString())).isEqualTo(ExitCodes.OK);

        assertThat(stderr()).contains("wrote " + html);
        var f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(html.toFile());
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(6);
        assertThat(Files.readString(html)).contains("Saturated: <a href=\"#fn-BookmarkService.fetchSummary\">");
    }

    @Test
    void report_bucketOptionFixesTheWidth() throws IOException {
        Path log = write("timing.log", Scenarios.saturated().lines());
        assertThat(errand("report", "--json", "--bucket", "1m", log.toString())).isEqualTo(ExitCodes.OK);
        assertThat(json().at("/bucketSeconds").asDouble()).isEqualTo(60.0);
        assertThat(json().at("/functions/0/trend").size()).isEqualTo(20);
    }

    @Test
    void report_maxDelayOptionChangesTheVerdict() throws IOException {
        Path log = write("timing.log", Scenarios.healthy().lines());
        assertThat(errand("report", "--max-delay", "2ms", log.toString())).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("SATURATED");
    }

    @Test
    void missingFile_exitsOneWithAMessage() {
        Path missing = dir.resolve("nope.log");
        assertThat(errand("report", missing.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr())
                .isEqualTo("errand report: no such file: " + missing
                        + " (check the path; use - to read standard input)\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void directory_exitsOneWithAMessage() {
        assertThat(errand("report", dir.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr()).contains(dir + " is a directory");
    }

    @Test
    void emptyLog_exitsOneAndExplainsWhatATimingLineIs() throws IOException {
        Path empty = write("empty.log", List.of());
        assertThat(errand("report", empty.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr())
                .startsWith("errand report: no timing lines in " + empty + " (0 lines read")
                .contains("errand.timing logger")
                .contains("docs/timing-log.md");
    }

    @Test
    void logWithoutTimingLines_exitsOneWithTheCounts() throws IOException {
        Path other = write(
                "app.log", List.of("INFO started", "WARN slow request", "ts=2026-11-28T14:00:00Z level=info msg=hi"));
        assertThat(errand("report", other.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr()).contains("(3 lines read: 3 not timing lines, 0 malformed)");
    }

    @Test
    void corruptGzip_exitsOneWithAMessage() throws IOException {
        Path gz = dir.resolve("cut.log.gz");
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(full)) {
            o.write(String.join("\n", Scenarios.healthy().lines()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = full.toByteArray();
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(errand("report", gz.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr()).startsWith("errand report: cannot read " + gz);
    }

    @Test
    void usageErrors_exitTwo() {
        assertThat(errand("report")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("Missing required parameter: 'FILE'").contains("Try 'errand report --help'");
        err.reset();
        assertThat(errand("report", "--max-delay", "soon", "x.log")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("'soon' is not a duration");
        err.reset();
        assertThat(errand("report", "--bogus", "x.log")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("Unknown option: '--bogus'");
        err.reset();
        assertThat(errand("report", "--slowdown", "0.5", "x.log")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("--slowdown must be greater than 1 but was 0.5");
        err.reset();
        assertThat(errand("report", "-", "-")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("Standard input (-) can be read only once");
    }

    @Test
    void errandAlone_listsTheCommandsAndExitsTwo() {
        assertThat(errand()).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("Missing command").contains("report");
    }

    @Test
    void help_exitsZero() {
        assertThat(errand("report", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(stdout())
                .contains("Usage: errand report")
                .contains("--max-delay=DURATION")
                .contains("--html=FILE");
    }

    private int errand(String... args) {
        InputStream noInput = new ByteArrayInputStream(new byte[0]);
        return Main.run(args, noInput, out, err);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(stdout());
    }
}
