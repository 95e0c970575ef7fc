package dev.errand.cli;

import dev.errand.report.Analysis;
import dev.errand.report.HtmlReport;
import dev.errand.report.JsonReport;
import dev.errand.report.LogAnalyzer;
import dev.errand.report.LogInput;
import dev.errand.report.Report;
import dev.errand.report.TextReport;
import dev.errand.report.Thresholds;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.ZipException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code errand report FILE...}: reads timing logs (plain or gzip, {@code -} for standard input, many
 * files from many hosts in any order) and prints per job function its counts, throughput, delay and
 * process percentiles, the trend per time bucket and a verdict with capacity advice; {@code --json}
 * prints JSON instead, {@code --html FILE} also writes a self-contained HTML report with charts.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Analyse timing logs: per job throughput, delay, process time, trend and a verdict.",
            "%nReads the lines of the errand.timing logger (plain or gzip files, - for standard input; many files "
                    + "from many hosts, in any order) and prints per job function: attempts, ok/retry/dead, throughput, "
                    + "delay and process percentiles, the trend per time bucket, and a verdict: healthy, saturated (with "
                    + "how many workers to add, by Little's law), slower processing (the job itself got slower), or "
                    + "failing (too many retries or dead jobs).%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:missing or unreadable file, or no timing lines found", "2:usage error"})
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Timing logs, plain or gzip (detected by content); - reads standard input.")
    List<String> files;

    @Option(
            names = "--bucket",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Trend bucket width, e.g. 30s, 1m, 1h (default: automatic, at most 60 buckets over the window).")
    Duration bucket;

    @Option(
            names = "--max-delay",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "A bucket whose delay p95 exceeds this is saturated (default: ${DEFAULT-VALUE}).")
    Duration maxDelay;

    @Option(
            names = "--max-retry-rate",
            paramLabel = "PERCENT",
            defaultValue = "5%",
            converter = RateConverter.class,
            description =
                    "Share of attempts with status=retry above which a function is failing (default: ${DEFAULT-VALUE}).")
    double maxRetryRate;

    @Option(
            names = "--max-dead-rate",
            paramLabel = "PERCENT",
            defaultValue = "1%",
            converter = RateConverter.class,
            description =
                    "Share of attempts with status=dead above which a function is failing (default: ${DEFAULT-VALUE}).")
    double maxDeadRate;

    @Option(
            names = "--slowdown",
            paramLabel = "FACTOR",
            defaultValue = "2",
            description =
                    "Process p50 this many times its early level means the job got slower (default: ${DEFAULT-VALUE}).")
    double slowdown;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            defaultValue = "UTC",
            converter = ZoneConverter.class,
            description = "Time zone for clock times: UTC, Europe/Berlin, +02:00, local (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write a self-contained HTML report with charts to FILE.")
    Path html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Thresholds thresholds = thresholds();
        LogAnalyzer analyzer = analyzer();
        if (files.stream().filter("-"::equals).count() > 1) {
            throw new ParameterException(spec.commandLine(), "Standard input (-) can be read only once");
        }
        for (String name : files) {
            String problem = name.equals("-") ? null : unreadable(Path.of(name));
            if (problem != null) {
                err.println("errand report: " + problem);
                return ExitCodes.FAILED;
            }
        }
        for (String name : files) {
            try (InputStream in = name.equals("-") ? LogInput.decode(main.stdin()) : LogInput.open(Path.of(name))) {
                analyzer.read(in, name);
            } catch (ZipException e) {
                err.println("errand report: " + describe(name) + " looks like gzip but cannot be decompressed ("
                        + e.getMessage() + "); is it truncated or still being written?");
                return ExitCodes.FAILED;
            } catch (IOException e) {
                err.println("errand report: cannot read " + describe(name) + ": " + e);
                return ExitCodes.FAILED;
            }
        }
        Analysis analysis = analyzer.finish();
        if (analysis.timingLines() == 0) {
            err.println("errand report: no timing lines in "
                    + (files.size() == 1 ? describe(files.get(0)) : files.size() + " files")
                    + " (" + analysis.lines() + " lines read: " + analysis.foreignLines() + " not timing lines, "
                    + analysis.malformedLines()
                    + " malformed). Timing lines come from the errand.timing logger and look like"
                    + " 'ts=2026-11-28T23:10:40.123Z fn=BookmarkService.fetchSummary ... delay_ms=12.407 process_ms=200.113 ...';"
                    + " see docs/timing-log.md.");
            return ExitCodes.FAILED;
        }
        Report report = Report.of(analysis, thresholds, zone);
        if (json) {
            JsonReport.write(report, out);
            out.flush();
        } else {
            TextReport.write(report, out);
        }
        if (html != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(html, StandardCharsets.UTF_8))) {
                HtmlReport.write(report, w);
                if (w.checkError()) {
                    throw new IOException("write failed");
                }
            } catch (IOException e) {
                err.println("errand report: cannot write the HTML report to " + html + ": " + e);
                return ExitCodes.FAILED;
            }
            err.println("errand report: wrote " + html);
        }
        return ExitCodes.OK;
    }

    private Thresholds thresholds() {
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new ParameterException(spec.commandLine(), "--max-delay must be positive but was " + maxDelay);
        }
        if (!(slowdown > 1)) {
            throw new ParameterException(spec.commandLine(), "--slowdown must be greater than 1 but was " + slowdown);
        }
        return new Thresholds(maxDelay, maxRetryRate, maxDeadRate, slowdown);
    }

    private LogAnalyzer analyzer() {
        if (bucket == null) {
            return LogAnalyzer.autoBuckets();
        }
        if (bucket.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--bucket must be at least 1s but was " + bucket.toMillis() + "ms");
        }
        return LogAnalyzer.fixedBuckets(bucket);
    }

    private static String unreadable(Path p) {
        if (!Files.exists(p)) {
            return "no such file: " + p + " (check the path; use - to read standard input)";
        }
        if (Files.isDirectory(p)) {
            return p + " is a directory; name the log files in it (e.g. " + p + "/timing*.log*)";
        }
        if (!Files.isReadable(p)) {
            return "cannot read " + p + ": permission denied";
        }
        return null;
    }

    private static String describe(String name) {
        return name.equals("-") ? "standard input" : name;
    }
}
