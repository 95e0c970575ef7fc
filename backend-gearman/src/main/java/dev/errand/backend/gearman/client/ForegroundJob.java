package dev.errand.backend.gearman.client;

import dev.errand.job.JobId;
import dev.errand.spi.NewJob;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A foreground job this client waits for: what gearmand forwards about it ({@code WORK_DATA}, {@code WORK_WARNING},
 * {@code WORK_STATUS}) until its final packet. Touched by the connection's reader thread only, but for
 * {@link #cancelling}.
 */
public final class ForegroundJob {
    private final JobId id;
    private final String handle;
    private final NewJob job;
    private final CompletableFuture<Reply> end = new CompletableFuture<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final StringBuilder warnings = new StringBuilder();
    private volatile boolean cancelling;
    private volatile boolean started;

    ForegroundJob(JobId id, String handle, NewJob job) {
        this.id = id;
        this.handle = handle;
        this.job = job;
    }

    /** How a foreground job ended, as gearmand said it. */
    public sealed interface Reply {
        /** {@code WORK_COMPLETE}: {@code data} = the {@code WORK_DATA} chunks before it, {@code result} = its payload. */
        record Complete(byte[] data, byte[] result) implements Reply {}

        /** {@code WORK_FAIL}; {@code cancelled} when this client cancelled the job just before. */
        record Fail(byte[] data, String warnings, boolean cancelled) implements Reply {}

        /** {@code WORK_EXCEPTION} with its payload. */
        record Exception(byte[] payload) implements Reply {}
    }

    public JobId id() {
        return id;
    }

    public String handle() {
        return handle;
    }

    public NewJob job() {
        return job;
    }

    /** Completes with the final packet, or fails when the connection is lost first. */
    public CompletableFuture<Reply> end() {
        return end;
    }

    /** Whether a worker sent anything for it, so it has started (gearmand's running flag without a round trip). */
    public boolean started() {
        return started;
    }

    /** Marks the job as being cancelled by this client, so the {@code WORK_FAIL} that follows means cancelled. */
    public void cancelling(boolean on) {
        this.cancelling = on;
    }

    void data(byte[] chunk) {
        started = true;
        data.writeBytes(chunk);
    }

    void warning(byte[] text) {
        started = true;
        warnings.append(new String(text, java.nio.charset.StandardCharsets.UTF_8));
    }

    void status() {
        started = true;
    }

    void complete(byte[] result) {
        end.complete(new Reply.Complete(data.toByteArray(), result));
    }

    void fail() {
        end.complete(new Reply.Fail(data.toByteArray(), warnings.toString(), cancelling));
    }

    void exception(byte[] payload) {
        end.complete(new Reply.Exception(payload));
    }

    void lost(RuntimeException cause) {
        end.completeExceptionally(cause);
    }
}
