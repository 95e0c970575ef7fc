package dev.errand.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.errand.Errand;
import dev.errand.job.JobError;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the job page shows of one job: its state and times, arguments and result as formatted JSON, every error. */
record JobDetail(
        JobInfo info,
        String arguments,
        String result,
        List<ErrorView> errors,
        String enqueuedAt,
        String runAt,
        String finishedAt,
        String took) {

    record ErrorView(int attempt, String at, String type, String message, String stackTrace) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN = 64 * 1024;

    static JobDetail of(Errand errand, JobInfo info) {
        String args = errand.backend()
                .arguments(info.id())
                .map(JobDetail::pretty)
                .orElse("(no longer kept: the backend drops the arguments of a succeeded job)");
        return new JobDetail(
                info,
                args,
                result(errand, info),
                info.errors().stream().map(JobDetail::view).toList(),
                Fmt.time(info.enqueuedAt()),
                Fmt.time(info.runAt()),
                info.finishedAt().map(Fmt::time).orElse(""),
                info.finishedAt()
                        .map(f -> Fmt.age(Duration.between(info.enqueuedAt(), f)))
                        .orElse(""));
    }

    boolean retryable() {
        return info.state() == JobState.DEAD || info.state() == JobState.CANCELLED;
    }

    boolean cancellable() {
        return !info.state().isFinal() && info.state() != JobState.RUNNING;
    }

    boolean deletable() {
        return info.state() != JobState.RUNNING;
    }

    private static String result(Errand errand, JobInfo info) {
        if (info.state() != JobState.SUCCEEDED) {
            return "";
        }
        try {
            CompletableFuture<Outcome> f = errand.backend().outcome(info.id());
            Outcome o = f.get(2, TimeUnit.SECONDS);
            return o.result() == null
                    ? "(none: the job returns nothing, or its result is not kept)"
                    : pretty(o.result());
        } catch (ExecutionException | TimeoutException | UnsupportedOperationException e) {
            return "(not available: " + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(not available: interrupted)";
        }
    }

    private static ErrorView view(JobError e) {
        return new ErrorView(
                e.attempt(),
                Fmt.time(e.at()),
                e.type(),
                Optional.ofNullable(e.message()).orElse(""),
                Optional.ofNullable(e.stackTrace()).orElse(""));
    }

    /** Formatted JSON, or the text as it is when it is not JSON; cut at {@value #MAX_SHOWN} characters. */
    static String pretty(byte[] encoded) {
        String text;
        try {
            JsonNode node = JSON.readTree(encoded);
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            text = new String(encoded, StandardCharsets.UTF_8);
        }
        return text.length() > MAX_SHOWN
                ? text.substring(0, MAX_SHOWN) + "\n… (" + text.length() + " characters)"
                : text;
    }
}
