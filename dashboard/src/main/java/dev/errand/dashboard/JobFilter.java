package dev.errand.dashboard;

import dev.errand.job.JobState;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** The job list's filters as the form sends them, read into a {@link JobQuery}. */
record JobFilter(
        Optional<JobState> state,
        Optional<String> queue,
        Optional<String> name,
        Optional<Instant> from,
        Optional<Instant> to,
        boolean oldestFirst,
        Optional<JobCursor> after) {
    static final int PAGE = 50;
    private static final DateTimeFormatter FIELD =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    static JobFilter read(Params p) {
        Optional<JobState> state = p.text("state").map(s -> {
            try {
                return JobState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInput("parameter state is not a job state: give one of "
                        + java.util.Arrays.toString(JobState.values()));
            }
        });
        Optional<String> order = p.text("order");
        if (order.isPresent() && !order.get().equals("oldest") && !order.get().equals("newest")) {
            throw new BadInput("parameter order must be newest or oldest");
        }
        Optional<JobCursor> after = p.text("after").map(t -> {
            try {
                return JobCursor.parse(t);
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
        });
        JobFilter f = new JobFilter(
                state,
                p.queue("queue"),
                p.jobName("name"),
                p.instant("from"),
                p.instant("to"),
                order.map("oldest"::equals).orElse(false),
                after);
        if (f.from.isPresent() && f.to.isPresent() && !f.from.get().isBefore(f.to.get())) {
            throw new BadInput("parameter from must be before to");
        }
        return f;
    }

    JobQuery query() {
        JobQuery q = JobQuery.all().limit(PAGE);
        if (state.isPresent()) {
            q = q.states(state.get());
        }
        if (queue.isPresent()) {
            q = q.queue(queue.get());
        }
        if (name.isPresent()) {
            q = q.name(name.get());
        }
        if (from.isPresent() || to.isPresent()) {
            q = q.enqueued(from.orElse(null), to.orElse(null));
        }
        q = oldestFirst ? q.oldestFirst() : q.newestFirst();
        return after.isPresent() ? q.after(after.get()) : q;
    }

    String stateValue() {
        return state.map(Enum::name).orElse("");
    }

    String fromValue() {
        return from.map(FIELD::format).orElse("");
    }

    String toValue() {
        return to.map(FIELD::format).orElse("");
    }

    /** The list's address with these filters, on the page after {@code cursor} (null: the first page). */
    String link(JobCursor cursor) {
        StringJoiner q = new StringJoiner("&", "/jobs?", "").setEmptyValue("/jobs");
        state.ifPresent(s -> q.add("state=" + s.name()));
        queue.ifPresent(v -> q.add("queue=" + enc(v)));
        name.ifPresent(v -> q.add("name=" + enc(v)));
        from.ifPresent(v -> q.add("from=" + enc(v.toString())));
        to.ifPresent(v -> q.add("to=" + enc(v.toString())));
        if (oldestFirst) {
            q.add("order=oldest");
        }
        if (cursor != null) {
            q.add("after=" + enc(cursor.token()));
        }
        return q.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
