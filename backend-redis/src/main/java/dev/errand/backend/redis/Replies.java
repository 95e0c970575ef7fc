package dev.errand.backend.redis;

import dev.errand.JobError;
import dev.errand.JobInfo;
import dev.errand.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.spi.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns script replies and job hashes into SPI values. */
final class Replies {
    private static final int CLAIM_FIELDS = 10;

    private Replies() {}

    /** The reply of {@code claim.lua}: ten values per claimed job. */
    static List<ClaimedJob> claimed(String queue, List<?> reply, String owner) {
        List<ClaimedJob> jobs = new ArrayList<>(reply.size() / CLAIM_FIELDS);
        for (int i = 0; i + CLAIM_FIELDS <= reply.size(); i += CLAIM_FIELDS) {
            JobRef ref = new JobRef(queue, RedisValues.number(reply.get(i)));
            int attempt = (int) RedisValues.number(reply.get(i + 1));
            jobs.add(new ClaimedJob(ref.id(), RedisValues.string(reply.get(i + 2)), queue,
                    (int) RedisValues.number(reply.get(i + 3)), (byte[]) reply.get(i + 4), RedisValues.string(reply.get(i + 5)),
                    attempt, (int) RedisValues.number(reply.get(i + 6)), Duration.ofMillis(RedisValues.number(reply.get(i + 7))),
                    RedisValues.instant(RedisValues.number(reply.get(i + 8))), RedisValues.instant(RedisValues.number(reply.get(i + 9))),
                    new Lease(ref.id(), owner, attempt)));
        }
        return jobs;
    }

    /**
     * A job hash as {@link JobInfo} at {@code now}, or empty when the hash is gone. A waiting job
     * that is due is AVAILABLE, as on every backend, although the next claim moves it to the ready set.
     */
    static Optional<JobInfo> info(JobRef ref, Map<byte[], byte[]> raw, Instant now) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> h = new HashMap<>();
        raw.forEach((k, v) -> h.put(new String(k, StandardCharsets.UTF_8), v));
        String stateName = text(h, "s");
        if (stateName == null || !h.containsKey("n")) {
            return Optional.empty(); // only a stray field left (e.g. a watcher added as the hash expired)
        }
        int errorCount = h.containsKey("ne") ? (int) number(h, "ne") : 0;
        List<JobError> errors = new ArrayList<>(errorCount);
        for (int i = 1; i <= errorCount; i++) {
            byte[] record = h.get("e" + i);
            if (record != null) {
                errors.add(RedisValues.jobError(record));
            }
        }
        JobState state = state(ref, stateName);
        Instant runAt = RedisValues.instant(number(h, "r"));
        if ((state == JobState.SCHEDULED || state == JobState.RETRYABLE) && !runAt.isAfter(now)) {
            state = JobState.AVAILABLE;
        }
        return Optional.of(new JobInfo(ref.id(), text(h, "n"), ref.queue(), state,
                h.containsKey("a") ? (int) number(h, "a") : 0, (int) number(h, "m"), (int) number(h, "p"),
                RedisValues.instant(number(h, "e")), runAt,
                h.containsKey("fin") ? Optional.of(RedisValues.instant(number(h, "fin"))) : Optional.empty(),
                Optional.ofNullable(text(h, "u")), errors));
    }

    /** What {@code watch.lua} answered. */
    sealed interface Watched permits Unknown, Pending, Finished {}

    record Unknown() implements Watched {}

    record Pending() implements Watched {}

    record Finished(Outcome outcome) implements Watched {}

    static Watched watched(JobRef ref, List<?> reply) {
        String state = RedisValues.string(reply.get(0));
        if ("UNKNOWN".equals(state)) {
            return new Unknown();
        }
        JobState s = state(ref, state);
        if (!s.isFinal()) {
            return new Pending();
        }
        return new Finished(switch (s) {
            case SUCCEEDED -> Outcome.succeeded(ref.id(), (byte[]) reply.get(1));
            case DEAD -> Outcome.dead(ref.id(), reply.get(2) == null ? null : RedisValues.jobError((byte[]) reply.get(2)));
            default -> Outcome.cancelled(ref.id());
        });
    }

    static JobState state(JobRef ref, String name) {
        try {
            return JobState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("job " + ref + " has an unknown state '" + name + "' in Redis; was it"
                    + " written by another program or a newer Errand?", e);
        }
    }

    private static String text(Map<String, byte[]> h, String field) {
        byte[] v = h.get(field);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static long number(Map<String, byte[]> h, String field) {
        byte[] v = h.get(field);
        if (v == null) {
            throw new IllegalStateException("job hash lacks field '" + field + "': " + h.keySet());
        }
        return RedisValues.number(v);
    }
}
