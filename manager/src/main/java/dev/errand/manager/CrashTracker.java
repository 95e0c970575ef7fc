package dev.errand.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The crashes of one group within the crash-loop window. The restart backoff doubles with every
 * crash in the window ({@code crashBackoff}, 2×, 4×, … capped at {@code maxCrashBackoff}); when
 * {@code crashLoop.count} crashes fall within {@code crashLoop.window} it is a crash loop and the
 * group is paused instead of restarted.
 */
final class CrashTracker {
    private final Duration initial;
    private final Duration max;
    private final int loopCount;
    private final Duration window;
    private final Deque<Instant> crashes = new ArrayDeque<>();

    CrashTracker(Duration initial, Duration max, int loopCount, Duration window) {
        this.initial = initial;
        this.max = max;
        this.loopCount = loopCount;
        this.window = window;
    }

    /** Records a crash; returns how many crashes the window now holds. */
    int crashed(Instant now) {
        crashes.addLast(now);
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(window))) {
            crashes.removeFirst();
        }
        return crashes.size();
    }

    boolean isLoop() {
        return crashes.size() >= loopCount;
    }

    /** The pause before the next restart, after the crash just recorded. */
    Duration backoff() {
        int n = Math.max(1, crashes.size());
        Duration d = initial;
        for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    void reset() {
        crashes.clear();
    }

    Duration window() {
        return window;
    }
}
