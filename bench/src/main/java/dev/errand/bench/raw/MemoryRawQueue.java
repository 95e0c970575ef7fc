package dev.errand.bench.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link LinkedBlockingQueue} of tasks in this JVM, taken one at a time as a {@code ThreadPoolExecutor}'s threads
 * take theirs.
 */
final class MemoryRawQueue implements RawQueue {
    private static final Runnable NOOP = () -> {};

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    @Override
    public String kind() {
        return RAW;
    }

    @Override
    public String describe() {
        return "LinkedBlockingQueue: addAll per batch, offer per item, poll and run one task per call";
    }

    @Override
    public void addBatch(int count) {
        List<Runnable> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(NOOP);
        }
        queue.addAll(batch);
    }

    @Override
    public void addOne() {
        queue.offer(NOOP);
    }

    @Override
    public int take() {
        Runnable task = queue.poll();
        if (task == null) {
            return 0;
        }
        task.run();
        return 1;
    }

    @Override
    public int takeBatch() {
        return 1;
    }

    @Override
    public void close() {
        queue.clear();
    }
}
