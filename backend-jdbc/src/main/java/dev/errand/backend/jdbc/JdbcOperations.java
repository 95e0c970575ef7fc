package dev.errand.backend.jdbc;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's side of the JDBC backend: the job listing ({@link dev.errand.backend.jdbc.dialect.JobListing}),
 * retries, deletes and the paused queues. Every statement is a dialect's; each call is one short transaction, and a
 * retry of every dead job goes in batches of {@link #BATCH}: one SELECT along the listing index and one batched
 * UPDATE per batch.
 */
final class JdbcOperations {
    static final int BATCH = 1000;

    private final Database db;
    private final Clock clock;

    JdbcOperations(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    JobPage list(JobQuery query) {
        long afterId = query.after().map(c -> cursorId(c.id())).orElse(0L);
        long afterMicros = query.after().map(JobCursor::enqueuedAtMicros).orElse(0L);
        long now = Micros.of(clock.instant());
        return db.read("list jobs", c -> {
            List<JobInfo> rows = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = db.dialect().listJobs().prepare(c, query, now, afterMicros, afterId);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    rows.add(JobReader.info(rs, now, List.of()));
                }
            }
            Map<Long, List<JobError>> errors = errors(c, ids);
            List<JobInfo> jobs = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JobInfo r = rows.get(i);
                jobs.add(r.withErrors(errors.getOrDefault(ids.get(i), List.of())));
            }
            return JobPage.of(jobs, query.limit());
        });
    }

    private static long cursorId(JobId id) {
        long key = JobIds.parse(id);
        if (key < 0) {
            throw new IllegalArgumentException("cursor names job id '" + id
                    + "', which is not an id of the jdbc backend;" + " pass the cursor of a listing from this backend");
        }
        return key;
    }

    /** The errors of the page's jobs in one statement. */
    private Map<Long, List<JobError>> errors(Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<JobError>> byJob = new HashMap<>();
        if (ids.isEmpty()) {
            return byJob;
        }
        try (PreparedStatement ps = c.prepareStatement(db.dialect().errorsAmong())) {
            db.dialect().bindIds(ps, 1, ids.stream().mapToLong(Long::longValue).toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byJob.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new JobError(
                                    rs.getInt(2),
                                    Micros.toInstant(rs.getLong(3)),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6)));
                }
            }
        }
        return byJob;
    }

    /** Retries one job; false when unknown; refuses other states and a held unique key. */
    boolean retry(JobId id) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return false;
        }
        long now = Micros.of(clock.instant());
        String refusal = db.transaction("retry job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().retryJob())) {
                ps.setLong(1, now);
                ps.setLong(2, key);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            } catch (SQLException e) {
                if (isConstraintViolation(e)) {
                    return "cannot retry job " + id + ": another unfinished job of the same name and queue holds its"
                            + " unique key; wait for that job to finish, or delete it";
                }
                throw e;
            }
            Optional<String> state = lease(c, key).map(l -> l[0]);
            return state.map(s -> "cannot retry job " + id + ": it is " + s + ", and only DEAD or CANCELLED jobs can be"
                            + " retried; cancel a waiting job, or wait for a running one to finish")
                    .orElse("");
        });
        if (refusal == null) {
            return true;
        }
        if (refusal.isEmpty()) {
            return false;
        }
        throw new IllegalStateException(refusal);
    }

    private static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** Retries every dead job of the name and queue, a batch per transaction; returns how many. */
    int retryDead(Optional<String> name, Optional<String> queue) {
        DeadBatch last = new DeadBatch(0, 0, Long.MIN_VALUE, 0);
        int total = 0;
        while (true) {
            long now = Micros.of(clock.instant());
            DeadBatch after = last; // the cursor moves only once a batch committed: a batch run again starts here too
            last = db.transaction(
                    "retry the dead jobs" + name.map(n -> " of " + n).orElse("")
                            + queue.map(q -> " on queue " + q).orElse(""),
                    c -> retryBatch(c, name, queue, after, now));
            total += last.retried();
            if (last.selected() < BATCH) {
                return total;
            }
        }
    }

    /** A batch of dead jobs: how many were selected and retried, and the (enqueued_at, id) of the last one. */
    private record DeadBatch(int selected, int retried, long lastEnqueuedAt, long lastId) {}

    /** One batch of the dead jobs past {@code after}'s last one. */
    private DeadBatch retryBatch(Connection c, Optional<String> name, Optional<String> queue, DeadBatch after, long now)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        long lastEnqueuedAt = after.lastEnqueuedAt();
        long lastId = after.lastId();
        try (PreparedStatement ps = c.prepareStatement(db.dialect().deadJobs())) {
            ps.setString(1, name.orElse(""));
            ps.setString(2, name.orElse(""));
            ps.setString(3, queue.orElse(""));
            ps.setString(4, queue.orElse(""));
            ps.setLong(5, lastEnqueuedAt);
            ps.setLong(6, lastEnqueuedAt);
            ps.setLong(7, lastId);
            ps.setInt(8, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    lastEnqueuedAt = rs.getLong(2);
                    lastId = rs.getLong(1);
                }
            }
        }
        int retried = 0;
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().retryJob())) {
                for (long id : ids) {
                    ps.setLong(1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    retried += n == PreparedStatement.SUCCESS_NO_INFO ? 1 : n;
                }
            }
        }
        return new DeadBatch(ids.size(), retried, lastEnqueuedAt, lastId);
    }

    /** Deletes a job unless it is running; false when unknown. */
    boolean delete(JobId id) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return false;
        }
        String[] running = db.transaction("delete job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().deleteJob())) {
                ps.setLong(1, key);
                if (ps.executeUpdate() == 1) {
                    return new String[0];
                }
            }
            return lease(c, key).orElse(null);
        });
        if (running == null) {
            return false;
        }
        if (running.length > 0) {
            throw new IllegalStateException("cannot delete job " + id + ": worker " + running[1] + " is running it;"
                    + " wait for it to finish, then delete it");
        }
        return true;
    }

    /** {state, lease_owner} of a job, if it exists. */
    private Optional<String[]> lease(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.dialect().jobLease())) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
            }
        }
    }

    void pause(String queue) {
        Instant now = clock.instant();
        db.transaction("pause queue " + queue, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().pauseQueue())) {
                ps.setString(1, queue);
                ps.setLong(2, Micros.of(now));
                return ps.executeUpdate();
            }
        });
    }

    void resume(String queue) {
        db.transaction("resume queue " + queue, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().resumeQueue())) {
                ps.setString(1, queue);
                return ps.executeUpdate();
            }
        });
    }

    Set<String> paused() {
        return db.read("read the paused queues", c -> {
            Set<String> queues = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(db.dialect().pausedQueues());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    queues.add(rs.getString(1));
                }
            }
            return Set.copyOf(queues);
        });
    }
}
