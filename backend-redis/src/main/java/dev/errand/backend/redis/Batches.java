package dev.errand.backend.redis;

import dev.errand.JobId;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Splits work into per-queue, bounded script calls and lays out the per-job and per-lease arguments. */
final class Batches {
    /** Jobs or leases per script call: bounds how long one call holds the server. */
    static final int CHUNK = 1000;

    private Batches() {}

    /** The 9 values per job that {@code enqueue.lua} reads. */
    static void addJob(List<byte[]> args, NewJob job) {
        args.add(RedisValues.text(job.name()));
        args.add(RedisValues.num(job.priority()));
        args.add(job.payload());
        args.add(RedisValues.text(job.fingerprint()));
        args.add(RedisValues.num(job.maxAttempts()));
        args.add(RedisValues.num(job.timeout().toMillis()));
        args.add(RedisValues.num(RedisValues.micros(job.enqueuedAt())));
        args.add(RedisValues.num(RedisValues.micros(job.runAt())));
        args.add(RedisValues.text(job.uniqueKey() == null ? "" : job.uniqueKey()));
    }

    /** The 3 values per lease (job number, owner, attempt) that the renew and release scripts read. */
    static void addLeases(List<byte[]> args, List<Lease> leases) {
        for (Lease lease : leases) {
            args.add(RedisValues.text(JobRef.parse(lease.id()).orElseThrow().number()));
            args.add(RedisValues.text(lease.owner()));
            args.add(RedisValues.num(lease.attempt()));
        }
    }

    /** Leases grouped by queue; leases whose id this backend never made go to {@code invalid}. */
    static Map<String, List<Lease>> byQueue(Collection<Lease> leases, Set<JobId> invalid) {
        Map<String, List<Lease>> groups = new LinkedHashMap<>();
        for (Lease lease : leases) {
            Objects.requireNonNull(lease, "lease == null");
            Optional<JobRef> ref = JobRef.parse(lease.id());
            if (ref.isEmpty()) {
                invalid.add(lease.id());
            } else {
                groups.computeIfAbsent(ref.get().queue(), q -> new ArrayList<>()).add(lease);
            }
        }
        return groups;
    }

    static List<List<Lease>> chunks(List<Lease> leases) {
        List<List<Lease>> chunks = new ArrayList<>();
        for (int from = 0; from < leases.size(); from += CHUNK) {
            chunks.add(leases.subList(from, Math.min(leases.size(), from + CHUNK)));
        }
        return chunks;
    }
}
