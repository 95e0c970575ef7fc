package dev.errand.backend.redis;

import dev.errand.job.JobId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Splits batch work into per-queue, bounded script calls. */
final class Batches {
    /** Jobs or leases per script call: bounds how long one call holds the server. */
    static final int CHUNK = 1000;

    private Batches() {}

    /**
     * Items grouped by the queue of the job each one names, queues and items in the order first
     * seen; an item whose job id this backend never made goes to {@code invalid} instead.
     */
    static <T> Map<String, List<T>> byQueue(Collection<T> items, Function<T, JobId> id, Consumer<T> invalid) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            Optional<JobRef> ref = JobRef.parse(id.apply(item));
            if (ref.isEmpty()) {
                invalid.accept(item);
            } else {
                groups.computeIfAbsent(ref.get().queue(), q -> new ArrayList<>())
                        .add(item);
            }
        }
        return groups;
    }

    /** Consecutive slices of at most {@link #CHUNK} items. */
    static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }
}
