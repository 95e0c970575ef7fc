package dev.errand.dashboard;

import dev.errand.job.JobId;
import dev.errand.job.Names;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;

/** Typed, length-checked access to a request's query or form fields; a bad value is a {@link BadInput} naming it. */
final class Params {
    static final int MAX_VALUE = 400;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final Fields fields;

    Params(Fields fields) {
        this.fields = fields;
    }

    Optional<String> text(String name) {
        Fields.Field f = fields.get(name);
        if (f == null || f.getValues().isEmpty()) {
            return Optional.empty();
        }
        if (f.getValues().size() > 1) {
            throw new BadInput(
                    "parameter " + name + " is given " + f.getValues().size() + " times; give it once");
        }
        String v = f.getValue().strip();
        if (v.length() > MAX_VALUE) {
            throw new BadInput("parameter " + name + " is longer than " + MAX_VALUE + " characters");
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    Optional<String> queue(String name) {
        return text(name).map(q -> {
            if (!Names.isQueue(q)) {
                throw new BadInput("parameter " + name + " is not a queue name: 1 to 64 letters, digits or _ . : -");
            }
            return q;
        });
    }

    Optional<String> jobName(String name) {
        return text(name).map(n -> {
            if (!Names.isJobName(n)) {
                throw new BadInput("parameter " + name + " is not a job name: 1 to 128 letters, digits or _ . : $ -");
            }
            return n;
        });
    }

    JobId jobId(String name) {
        String v = text(name).orElseThrow(() -> new BadInput("parameter " + name + " (a job id) is missing"));
        return id(v);
    }

    static JobId id(String v) {
        if (!JOB_ID.matcher(v).matches()) {
            throw new BadInput("'" + v + "' is not a job id: 1 to 100 letters, digits or _ . : -");
        }
        return JobId.of(v);
    }

    /** An instant as ISO-8601 ({@code 2026-12-05T06:30:00Z}) or as a browser's date-time field sends it, read as UTC. */
    Optional<Instant> instant(String name) {
        return text(name).map(v -> {
            try {
                return v.endsWith("Z")
                        ? Instant.parse(v)
                        : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadInput("parameter " + name + " is not a time: give 2026-12-05T06:30 (UTC) or an ISO-8601"
                        + " instant");
            }
        });
    }
}
