package dev.errand.backend.jdbc;

import dev.errand.job.JobId;
import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stores new jobs on a connection whose transaction the caller owns: the backend's own, or the
 * application's for a transactional enqueue. All jobs go in one JDBC batch with ids reserved
 * beforehand. The database decides unique keys: the insert skips a key an unfinished job holds
 * (or, on H2, fails on the unique index), and a look-up of the holder then tells a new job from a
 * duplicate; no read comes before the write, so two producers cannot both win.
 */
final class Enqueuer {
    static final int MAX_NAME = 200;
    static final int MAX_QUEUE = 200;
    static final int MAX_UNIQUE_KEY = 255;
    static final int MAX_FINGERPRINT = 64;
    /** Tries for one unique key whose holder finished between our skipped insert and the look-up. */
    private static final int UNIQUE_TRIES = 20;

    private final Dialect dialect;
    private final IdAllocator ids;

    Enqueuer(Dialect dialect, IdAllocator ids) {
        this.dialect = dialect;
        this.ids = ids;
    }

    /** Checks the jobs before any id is reserved or any row written. */
    static void validate(List<NewJob> jobs) {
        Objects.requireNonNull(jobs, "jobs == null");
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            if (job == null) {
                throw new NullPointerException("jobs[" + i + "] == null");
            }
            checkLength("name", job.name(), MAX_NAME, job);
            checkLength("queue", job.queue(), MAX_QUEUE, job);
            checkLength("fingerprint", job.fingerprint(), MAX_FINGERPRINT, job);
            if (job.uniqueKey() != null) {
                checkLength("unique key", job.uniqueKey(), MAX_UNIQUE_KEY, job);
            }
        }
    }

    private static void checkLength(String what, String value, int max, NewJob job) {
        if (value.length() > max) {
            throw new IllegalArgumentException("the " + what + " of job " + job.name().substring(0, Math.min(80,
                    job.name().length())) + " is " + value.length() + " characters long; the JDBC backend stores at most "
                    + max);
        }
    }

    /** Inserts the jobs on {@code c} without committing; results in input order. */
    EnqueueResult[] enqueue(Connection c, List<NewJob> jobs) throws SQLException {
        int n = jobs.size();
        long[] newIds = ids.take(n);
        boolean[] unique = new boolean[n];
        boolean anyUnique = false;
        try (PreparedStatement insert = c.prepareStatement(dialect.insertJob())) {
            int batched = 0;
            for (int i = 0; i < n; i++) {
                NewJob job = jobs.get(i);
                unique[i] = job.uniqueKey() != null;
                anyUnique |= unique[i];
                if (!unique[i] || dialect.insertSkipsHeldUniqueKeys()) {
                    bind(insert, newIds[i], job);
                    insert.addBatch();
                    batched++;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
            if (anyUnique && !dialect.insertSkipsHeldUniqueKeys()) {
                for (int i = 0; i < n; i++) {
                    if (unique[i]) {
                        insertOne(insert, newIds[i], jobs.get(i));
                    }
                }
            }
        }
        EnqueueResult[] results = new EnqueueResult[n];
        for (int i = 0; i < n; i++) {
            results[i] = unique[i] ? resolveUnique(c, newIds[i], jobs.get(i))
                    : new EnqueueResult(JobId.of(Long.toString(newIds[i])), false);
        }
        return results;
    }

    /** Who holds the job's key now: this job (new), another (duplicate), or nobody (insert again). */
    private EnqueueResult resolveUnique(Connection c, long id, NewJob job) throws SQLException {
        for (int tries = 0; tries < UNIQUE_TRIES; tries++) {
            Long holder = holder(c, job);
            if (holder != null) {
                return new EnqueueResult(JobId.of(Long.toString(holder)), holder != id);
            }
            // Skipped because of a holder that finished before the look-up: the key is free now.
            try (PreparedStatement insert = c.prepareStatement(dialect.insertJob())) {
                insertOne(insert, id, job);
            }
        }
        throw new IllegalStateException("could not enqueue job " + job.name() + " with unique key '" + job.uniqueKey()
                + "': its key was held and freed " + UNIQUE_TRIES + " times in a row while enqueueing; try again");
    }

    private void insertOne(PreparedStatement insert, long id, NewJob job) throws SQLException {
        bind(insert, id, job);
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private Long holder(Connection c, NewJob job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.uniqueKeyHolder())) {
            ps.setString(1, job.name());
            ps.setString(2, job.queue());
            ps.setString(3, job.uniqueKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement ps, long id, NewJob job) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, job.name());
        ps.setString(3, job.queue());
        ps.setInt(4, job.priority());
        ps.setString(5, "AVAILABLE");
        ps.setInt(6, job.maxAttempts());
        ps.setLong(7, job.timeout().toMillis());
        ps.setLong(8, Micros.of(job.enqueuedAt()));
        ps.setLong(9, Micros.of(job.runAt()));
        ps.setString(10, job.uniqueKey());
        ps.setString(11, job.fingerprint());
        ps.setBytes(12, job.payload());
    }

    /** SQLState class 23 (integrity constraint violation); the only conflict possible on fresh ids is the unique key. */
    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /** The queues of the stored (not duplicate) jobs, for wake-ups. */
    static String[] queuesOf(List<NewJob> jobs, EnqueueResult[] results) {
        return java.util.stream.IntStream.range(0, jobs.size()).filter(i -> !results[i].duplicate())
                .mapToObj(i -> jobs.get(i).queue()).distinct().toArray(String[]::new);
    }

    static List<EnqueueResult> asList(EnqueueResult[] results) {
        return List.copyOf(Arrays.asList(results));
    }
}
