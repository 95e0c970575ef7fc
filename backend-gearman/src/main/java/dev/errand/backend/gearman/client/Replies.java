package dev.errand.backend.gearman.client;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.spi.Outcome;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a foreground job's final packet means to an Errand caller (ADAPTERS.md §2.4). */
public final class Replies {
    private static final int MAX_OUTPUT = 1024;
    /** {@code "<exception class>: <message>"}, as Errand workers and many others write a failure. */
    private static final Pattern QUALIFIED =
            Pattern.compile("([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+): (.*)", Pattern.DOTALL);

    private Replies() {}

    /**
     * @param concatData the result is every {@code WORK_DATA} chunk and then the {@code WORK_COMPLETE} payload
     *     ({@code errand.gearman.client.workData=concat})
     */
    public static Outcome outcome(JobId id, ForegroundJob.Reply reply, boolean concatData, Instant now) {
        if (reply instanceof ForegroundJob.Reply.Complete c) {
            if (!concatData || c.data().length == 0) {
                return Outcome.succeeded(id, c.result());
            }
            byte[] all = new byte[c.data().length + c.result().length];
            System.arraycopy(c.data(), 0, all, 0, c.data().length);
            System.arraycopy(c.result(), 0, all, c.data().length, c.result().length);
            return Outcome.succeeded(id, all);
        }
        if (reply instanceof ForegroundJob.Reply.Fail f) {
            if (f.cancelled()) {
                return Outcome.cancelled(id);
            }
            return Outcome.dead(id, workFail(f, now));
        }
        return Outcome.dead(id, exception(((ForegroundJob.Reply.Exception) reply).payload(), now));
    }

    private static JobError workFail(ForegroundJob.Reply.Fail f, Instant now) {
        if (!f.warnings().isEmpty()) {
            // An Errand worker's failure: WORK_WARNING "<class>: <message>", then WORK_FAIL.
            return text(f.warnings(), now);
        }
        String message = "the worker reported WORK_FAIL";
        if (f.data().length > 0) {
            int n = Math.min(f.data().length, MAX_OUTPUT);
            message += " (output: " + new String(f.data(), 0, n, StandardCharsets.UTF_8)
                    + (n < f.data().length ? "..." : "") + ")";
        }
        return new JobError(1, now, "WorkFail", message, "");
    }

    /** A {@code WORK_EXCEPTION} payload: Storable (what Perl's {@code Gearman::Worker} sends) or text. */
    static JobError exception(byte[] payload, Instant now) {
        String text;
        if (StorableReader.looksLikeStorable(payload)) {
            try {
                text = perlText(new StorableReader().read(payload));
            } catch (RuntimeException e) {
                text = new String(payload, StandardCharsets.UTF_8);
            }
        } else {
            text = new String(payload, StandardCharsets.UTF_8);
        }
        return text(text, now);
    }

    private static String perlText(PerlValue v) {
        if (v instanceof PerlValue.Ref r) {
            return perlText(r.target());
        }
        if (v instanceof PerlValue.Str s) {
            return s.perlText();
        }
        if (v instanceof PerlValue.Int i) {
            return Long.toString(i.value());
        }
        return v.toString();
    }

    private static JobError text(String text, Instant now) {
        String t = text.strip();
        Matcher m = QUALIFIED.matcher(t);
        if (m.matches()) {
            return new JobError(1, now, m.group(1), m.group(2), "");
        }
        return new JobError(1, now, "GearmanException", t, "");
    }
}
