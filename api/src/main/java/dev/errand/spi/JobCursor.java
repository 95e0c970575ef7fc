package dev.errand.spi;

import dev.errand.job.JobId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of {@link JobQuery} results ended: the enqueue time and id of its last job. The next
 * page starts strictly after it in the query's order, so jobs added or removed meanwhile never shift
 * a page. Shown to users as an opaque token ({@link #token()}), parsed back with {@link #parse}.
 *
 * @param enqueuedAtMicros the last job's enqueue time, in microseconds since the epoch (what every backend stores)
 * @param id               the last job's id
 */
public record JobCursor(long enqueuedAtMicros, JobId id) {
    private static final String VERSION = "c1";

    public JobCursor {
        Objects.requireNonNull(id, "id == null");
    }

    /** The cursor after this job. */
    public static JobCursor after(Instant enqueuedAt, JobId id) {
        return new JobCursor(micros(enqueuedAt), id);
    }

    /** Microseconds since the epoch, truncated, as backends store times. */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** The opaque text form, safe in a URL and a shell. */
    public String token() {
        String plain = VERSION + ":" + enqueuedAtMicros + ":" + id.value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a {@link #token()}; a token that is not one is refused with a message saying where tokens come from. */
    public static JobCursor parse(String token) {
        Objects.requireNonNull(token, "cursor == null");
        try {
            if (token.length() > 400) {
                throw new IllegalArgumentException("too long");
            }
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3
                    || !parts[0].equals(VERSION)
                    || parts[2].isEmpty()
                    || parts[2].chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new JobCursor(Long.parseLong(parts[1]), new JobId(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid cursor '" + (token.length() > 40 ? token.substring(0, 40) + "..." : token)
                            + "': pass the next-page cursor exactly as a job listing printed it",
                    e);
        }
    }

    @Override
    public String toString() {
        return token();
    }
}
