package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.backend.jdbc.dialect.JobInsert;
import dev.errand.backend.jdbc.dialect.NewJobRow;
import dev.errand.job.JobId;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stores new jobs on a connection whose transaction the caller owns: the backend's own, or the
 * application's for a transactional enqueue, with ids reserved beforehand and the dialect's
 * {@link JobInsert}. The database decides unique keys: the insert leaves out a key an unfinished
 * job holds, and a look-up of the holder then tells a new job from a duplicate; no read comes
 * before the write, so two producers cannot both win.
 */
final class Enqueuer {
    static final int MAX_NAME = 200;
    static final int MAX_QUEUE = 200;
    static final int MAX_UNIQUE_KEY = 255;
    static final int MAX_FINGERPRINT = 64;
    /** Tries for one unique key whose holder finished between our skipped insert and the look-up. */
    private static final int UNIQUE_TRIES = 20;

    private final Dialect dialect;
    private final JobInsert insert;
    private final IdAllocator ids;

    Enqueuer(Dialect dialect, IdAllocator ids) {
        this.dialect = dialect;
        this.insert = dialect.insertJobs();
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
            throw new IllegalArgumentException("the " + what + " of job "
                    + job.name().substring(0, Math.min(80, job.name().length())) + " is " + value.length()
                    + " characters long; the JDBC backend stores at most "
                    + max);
        }
    }

    /** Inserts the jobs on {@code c} without committing, none of them awaited; results in input order. */
    EnqueueResult[] enqueue(Connection c, List<NewJob> jobs) throws SQLException {
        return enqueue(c, jobs, reserve(jobs.size()), false);
    }

    /** New job ids, for {@link #enqueue(Connection, List, long[])}. */
    long[] reserve(int count) {
        return ids.take(count);
    }

    /**
     * Inserts the jobs with the given ids, one each, on {@code c} without committing; results in input order. Run twice
     * with the same ids, the second insert fails on the primary key if the first committed.
     *
     * @param awaited whether a client awaits the jobs' outcomes (PostgreSQL then announces them when they finish)
     */
    EnqueueResult[] enqueue(Connection c, List<NewJob> jobs, long[] newIds, boolean awaited) throws SQLException {
        int n = jobs.size();
        List<NewJobRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(row(newIds[i], jobs.get(i), awaited));
        }
        insert.insertAll(c, rows);
        EnqueueResult[] results = new EnqueueResult[n];
        for (int i = 0; i < n; i++) {
            results[i] = rows.get(i).uniqueKey() != null ? resolveUnique(c, rows.get(i)) : newJob(newIds[i]);
        }
        return results;
    }

    /** Whether the dialect stores a batch without unique keys in one statement, all or nothing. */
    boolean storesBatchAtOnce() {
        return insert.storesBatchAtOnce();
    }

    static boolean noUniqueKeys(List<NewJob> jobs) {
        for (NewJob job : jobs) {
            if (job.uniqueKey() != null) {
                return false;
            }
        }
        return true;
    }

    /** The results of a batch without unique keys stored under these ids. */
    static EnqueueResult[] allNew(long[] ids) {
        EnqueueResult[] results = new EnqueueResult[ids.length];
        for (int i = 0; i < ids.length; i++) {
            results[i] = newJob(ids[i]);
        }
        return results;
    }

    private static EnqueueResult newJob(long id) {
        return new EnqueueResult(JobId.of(Long.toString(id)), false);
    }

    /**
     * Who holds the job's key now: this job (new), another (duplicate), or nobody, when the insert left the job out for
     * a holder that finished before the look-up, or refused it for another reason: then it goes in again, which tells.
     */
    private EnqueueResult resolveUnique(Connection c, NewJobRow row) throws SQLException {
        for (int tries = 0; tries < UNIQUE_TRIES; tries++) {
            Long holder = holder(c, row);
            if (holder != null) {
                return new EnqueueResult(JobId.of(Long.toString(holder)), holder != row.id());
            }
            if (insert.insertAgain(c, row, held -> holder(c, held) != null)) {
                return newJob(row.id());
            }
        }
        throw new IllegalStateException("could not enqueue job " + row.name() + " with unique key '" + row.uniqueKey()
                + "': its key was held and freed " + UNIQUE_TRIES + " times in a row while enqueueing; try again");
    }

    /** Whether a job with this id is stored (committed, or earlier in {@code c}'s transaction). */
    boolean isStored(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.jobLease())) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Long holder(Connection c, NewJobRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.uniqueKeyHolder())) {
            ps.setString(1, row.name());
            ps.setString(2, row.queue());
            ps.setString(3, row.uniqueKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static NewJobRow row(long id, NewJob job, boolean awaited) {
        return new NewJobRow(
                id,
                job.name(),
                job.queue(),
                job.priority(),
                job.maxAttempts(),
                job.timeout().toMillis(),
                Micros.of(job.enqueuedAt()),
                Micros.of(job.runAt()),
                job.uniqueKey(),
                job.fingerprint(),
                job.payload(),
                job.headers().isEmpty() ? null : job.headers().encode(),
                awaited);
    }

    /** The queues of the stored (not duplicate) jobs, for wake-ups. */
    static String[] queuesOf(List<NewJob> jobs, EnqueueResult[] results) {
        return java.util.stream.IntStream.range(0, jobs.size())
                .filter(i -> !results[i].duplicate())
                .mapToObj(i -> jobs.get(i).queue())
                .distinct()
                .toArray(String[]::new);
    }

    static List<EnqueueResult> asList(EnqueueResult[] results) {
        return List.copyOf(Arrays.asList(results));
    }
}
