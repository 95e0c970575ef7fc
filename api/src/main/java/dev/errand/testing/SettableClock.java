package dev.errand.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it: inject it with
 * {@code Errand.builder().clock(clock)} to test delays and retries without waiting.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
 * jobs.remind(user).delay(Duration.ofHours(1)).enqueue();
 * clock.advance(Duration.ofHours(1));
 * worker.drain();
 * }</pre>
 */
public final class SettableClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public SettableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private SettableClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start == null");
        this.zone = zone;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant == null");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(now, zone);
    }
}
