package dev.errand.report;

import java.time.Duration;

/**
 * The time axis of the trend: buckets of one width, aligned to multiples of the width since the epoch, so
 * that every function's buckets line up and a record goes to its bucket by its own timestamp, whatever
 * order the files and lines come in (no global sort).
 *
 * <p><b>Auto-sizing.</b> The grid starts at 1-second buckets and never holds more than
 * {@code maxBuckets} of them. When a record falls outside the covered span and the span would need more,
 * the width steps up the ladder 1 s, 5 s, 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 2 h, 6 h, 12 h,
 * 1 d, 7 d, 28 d, 364 d. Each width is a whole multiple of the one before and buckets are epoch-aligned,
 * so coarsening merges whole adjacent buckets exactly (histograms add up). With a fixed width
 * ({@code --bucket}) the grid doubles the width only if the span would exceed {@value #FIXED_LIMIT}
 * buckets. Either way memory stays bounded by the bucket count, not by the size of the log.
 *
 * <p>Owners of per-bucket data compare {@link #generation()} with the one they last saw and remap with
 * {@link #base()}/{@link #widthMillis()} when it changed.
 */
final class BucketGrid {
    static final int DEFAULT_MAX_BUCKETS = 60;
    static final int FIXED_LIMIT = 10_000;

    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    private static final long[] LADDER = {
        S, 5 * S, 10 * S, 30 * S, M, 5 * M, 10 * M, 30 * M, H, 2 * H, 6 * H, 12 * H, D, 7 * D, 28 * D, 364 * D
    };

    private final boolean fixed;
    private final long requestedWidth;
    private final int maxBuckets;
    private long width;
    private long lo = Long.MAX_VALUE;
    private long hi = Long.MIN_VALUE;
    private int generation;

    private BucketGrid(boolean fixed, long widthMillis, int maxBuckets) {
        this.fixed = fixed;
        this.requestedWidth = widthMillis;
        this.width = widthMillis;
        this.maxBuckets = maxBuckets;
    }

    /** A grid that picks its own width: the finest ladder width that keeps the span within {@code maxBuckets}. */
    static BucketGrid auto(int maxBuckets) {
        if (maxBuckets < 6) {
            throw new IllegalArgumentException("maxBuckets must be >= 6 but was " + maxBuckets);
        }
        return new BucketGrid(false, LADDER[0], maxBuckets);
    }

    /** A grid of the given width (at least one second). */
    static BucketGrid fixed(Duration width) {
        if (width.toMillis() < 1000) {
            throw new IllegalArgumentException("bucket width must be at least 1s but was " + width);
        }
        return new BucketGrid(true, width.toMillis(), FIXED_LIMIT);
    }

    /** The absolute index of the bucket holding {@code epochMillis}. */
    long index(long epochMillis) {
        return Math.floorDiv(epochMillis, width);
    }

    /**
     * Makes the grid cover {@code epochMillis}, coarsening when the span would need too many buckets.
     * Returns the slot of the bucket (index − base).
     */
    int include(long epochMillis) {
        long idx = Math.floorDiv(epochMillis, width);
        if (idx >= lo && idx <= hi) {
            return (int) (idx - lo);
        }
        long newLo = Math.min(lo, idx);
        long newHi = Math.max(hi, idx);
        long oldWidth = width;
        while (newHi - newLo + 1 > maxBuckets) {
            long next = nextWidth();
            long factor = next / width;
            width = next;
            newLo = Math.floorDiv(newLo, factor);
            newHi = Math.floorDiv(newHi, factor);
        }
        if (newLo != lo || width != oldWidth) {
            generation++;
        }
        lo = newLo;
        hi = newHi;
        return (int) (Math.floorDiv(epochMillis, width) - lo);
    }

    /**
     * Like {@link #include} but only when that needs no coarsening; otherwise leaves the grid alone and
     * returns false. Used for ready times (ts − delay), so that one attempt with a delay of days does not
     * coarsen everyone's trend.
     */
    boolean includeIfFits(long epochMillis) {
        long idx = Math.floorDiv(epochMillis, width);
        if (idx >= lo && idx <= hi) {
            return true;
        }
        if (Math.max(hi, idx) - Math.min(lo, idx) + 1 > maxBuckets) {
            return false;
        }
        include(epochMillis);
        return true;
    }

    /** The slot of {@code epochMillis}; valid only when the grid already covers it ({@link #include}). */
    int slot(long epochMillis) {
        return (int) (Math.floorDiv(epochMillis, width) - lo);
    }

    private long nextWidth() {
        if (fixed) {
            return width * 2;
        }
        for (long w : LADDER) {
            if (w > width) {
                return w;
            }
        }
        return width * 10;
    }

    boolean isEmpty() {
        return hi < lo;
    }

    /** The absolute index of slot 0. */
    long base() {
        return lo;
    }

    /** How many buckets the covered span has. */
    int span() {
        return isEmpty() ? 0 : (int) (hi - lo + 1);
    }

    /** The most buckets the grid may hold: size arrays by this. */
    int capacity() {
        return maxBuckets;
    }

    long widthMillis() {
        return width;
    }

    /** When the width is fixed and had to be doubled to stay within {@value #FIXED_LIMIT} buckets. */
    boolean widenedFixedWidth() {
        return fixed && width != requestedWidth;
    }

    long requestedWidthMillis() {
        return requestedWidth;
    }

    /** Changes whenever the slots move (new base or new width). */
    int generation() {
        return generation;
    }

    /** The start of slot {@code slot}, in epoch milliseconds. */
    long slotStart(int slot) {
        return (lo + slot) * width;
    }
}
