package dev.errand.backend.redis;

import dev.errand.job.JobError;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a job hash ({@code {prefix:queue}:job:<n>}, see {@link Keys}) as the scripts write it. */
final class JobHash {
    private JobHash() {}

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
        return Optional.of(new JobInfo(
                ref.id(),
                text(h, "n"),
                ref.queue(),
                state,
                h.containsKey("a") ? (int) number(h, "a") : 0,
                (int) number(h, "m"),
                (int) number(h, "p"),
                RedisValues.instant(number(h, "e")),
                runAt,
                h.containsKey("fin") ? Optional.of(RedisValues.instant(number(h, "fin"))) : Optional.empty(),
                Optional.ofNullable(text(h, "u")),
                errors,
                JobHeaders.decode(text(h, "hd"))));
    }

    /** A state as the scripts store it (field {@code s}) and {@code watch.lua} returns it. */
    static JobState state(JobRef ref, String name) {
        try {
            return JobState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "job " + ref + " has an unknown state '" + name + "' in Redis; was it"
                            + " written by another program or a newer Errand?",
                    e);
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
