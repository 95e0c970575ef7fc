package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One function's buckets on the shared {@link BucketGrid}. The slots follow the grid lazily: before each
 * use the owner calls {@link #sync()}, which remaps (and merges) the buckets when the grid moved its base
 * or coarsened its width since the last call.
 */
final class TrendBuckets {
    private final BucketGrid grid;
    private Bucket[] slots = new Bucket[8];
    private int generation;
    private long base;
    private long width;

    TrendBuckets(BucketGrid grid) {
        this.grid = grid;
        this.generation = grid.generation();
        this.base = grid.base();
        this.width = grid.widthMillis();
    }

    /** The bucket in slot {@code slot} of the grid as it is now; created when missing. */
    Bucket at(int slot) {
        sync();
        if (slot >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(slot + 1, Math.min(slots.length * 2, grid.span() + 8)));
        }
        Bucket b = slots[slot];
        if (b == null) {
            b = slots[slot] = new Bucket();
        }
        return b;
    }

    void sync() {
        if (generation == grid.generation()) {
            return;
        }
        long newBase = grid.base();
        long newWidth = grid.widthMillis();
        Bucket[] remapped = new Bucket[Math.max(8, grid.span())];
        for (int i = 0; i < slots.length; i++) {
            Bucket b = slots[i];
            if (b == null) {
                continue;
            }
            long startMillis = (base + i) * width;
            int to = (int) (Math.floorDiv(startMillis, newWidth) - newBase);
            if (remapped[to] == null) {
                remapped[to] = b;
            } else {
                remapped[to].add(b);
            }
        }
        slots = remapped;
        base = newBase;
        width = newWidth;
        generation = grid.generation();
    }

    /**
     * One {@link TrendPoint} per bucket of the grid (empty buckets included, so every function has the same
     * time axis). {@code windowFirst}/{@code windowLast} bound the first and last bucket for rates;
     * arrivals are known up to {@code lastReady}.
     */
    List<TrendPoint> points(long windowFirst, long windowLast, long lastReady) {
        sync();
        int span = grid.span();
        List<TrendPoint> out = new ArrayList<>(span);
        for (int i = 0; i < span; i++) {
            long start = grid.slotStart(i);
            long end = start + width;
            long effectiveMillis = Math.min(end, windowLast + 1) - Math.max(start, windowFirst);
            double seconds = Math.max(effectiveMillis, Math.min(1000, width)) / 1000.0;
            long arrivalMillis = Math.min(end, lastReady + 1) - Math.max(start, windowFirst);
            double arrivalSeconds = arrivalMillis <= 0 ? 0 : Math.max(arrivalMillis, Math.min(1000, width)) / 1000.0;
            Bucket b = i < slots.length ? slots[i] : null;
            out.add(TrendPoint.of(Instant.ofEpochMilli(start), Duration.ofMillis(width), seconds, arrivalSeconds, b));
        }
        return out;
    }
}
