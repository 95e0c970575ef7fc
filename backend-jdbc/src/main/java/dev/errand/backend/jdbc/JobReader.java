package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.job.JobError;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads jobs: {@code find()} and the outcomes of finished jobs. */
final class JobReader {
    private final Database db;
    private final Dialect dialect;

    JobReader(Database db) {
        this.db = db;
        this.dialect = db.dialect();
    }

    Optional<JobInfo> find(JobId id, Instant now) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return Optional.empty();
        }
        return db.read("find job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.findJob())) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(info(rs, Micros.of(now), errors(c, key)));
                }
            }
        });
    }

    /** A job's encoded arguments; empty when there is no such job. */
    Optional<byte[]> arguments(JobId id) {
        long key = JobIds.parse(id);
        if (key < 0) {
            return Optional.empty();
        }
        return db.read("read the arguments of job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.jobArguments())) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /**
     * The job on the current row of {@link dev.errand.backend.jdbc.dialect.Dialect#findJob()} or of a listing (same
     * columns), with these errors.
     */
    static JobInfo info(ResultSet rs, long nowMicros, List<JobError> errors) throws SQLException {
        String stored = rs.getString(4);
        int attempt = rs.getInt(5);
        long runAt = rs.getLong(9);
        long finishedAt = rs.getLong(10);
        boolean finished = !rs.wasNull();
        return new JobInfo(
                JobId.of(Long.toString(rs.getLong(1))),
                rs.getString(2),
                rs.getString(3),
                state(stored, attempt, runAt, nowMicros),
                attempt,
                rs.getInt(6),
                rs.getInt(7),
                Micros.toInstant(rs.getLong(8)),
                Micros.toInstant(runAt),
                finished ? Optional.of(Micros.toInstant(finishedAt)) : Optional.empty(),
                Optional.ofNullable(rs.getString(11)),
                errors,
                JobHeaders.decode(rs.getString(12)));
    }

    /**
     * The state a waiting job is in at {@code now}: stored as {@code AVAILABLE}, it is
     * {@code SCHEDULED} before its first attempt's {@code run_at}, {@code RETRYABLE} before a
     * retry's, and {@code AVAILABLE} once due.
     */
    static JobState state(String stored, int attempt, long runAt, long now) {
        JobState state = JobState.valueOf(stored);
        if (state != JobState.AVAILABLE || runAt <= now) {
            return state;
        }
        return attempt == 0 ? JobState.SCHEDULED : JobState.RETRYABLE;
    }

    private List<JobError> errors(Connection c, long id) throws SQLException {
        List<JobError> errors = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.findErrors())) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    errors.add(error(rs));
                }
            }
        }
        return errors;
    }

    private static JobError error(ResultSet rs) throws SQLException {
        return new JobError(
                rs.getInt(1), Micros.toInstant(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    /** The outcomes of those of {@code ids} that are finished; absent ids are unfinished (or unknown). */
    Map<Long, Outcome> finished(long[] ids) {
        return db.read("read the outcomes of " + ids.length + " jobs", c -> {
            Map<Long, Outcome> outcomes = new HashMap<>();
            List<Long> dead = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dialect.finishedAmong())) {
                dialect.bindIds(ps, 1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        JobId jobId = JobId.of(Long.toString(id));
                        switch (JobState.valueOf(rs.getString(2))) {
                            case SUCCEEDED -> outcomes.put(id, Outcome.succeeded(jobId, rs.getBytes(3)));
                            case CANCELLED -> outcomes.put(id, Outcome.cancelled(jobId));
                            default -> dead.add(id);
                        }
                    }
                }
            }
            for (long id : dead) {
                outcomes.put(id, Outcome.dead(JobId.of(Long.toString(id)), lastError(c, id)));
            }
            return outcomes;
        });
    }

    /** Every queue with unfinished jobs, by state, sorted by name (see {@link Dialect#queueStats()}). */
    List<QueueStats> queueStats(Instant now) {
        long micros = Micros.of(now);
        return db.read("count the jobs of every queue", c -> {
            java.util.TreeMap<String, QueueStats> byQueue = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(dialect.queueStats())) {
                for (int i = 1; i <= 4; i++) {
                    ps.setLong(i, micros);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String queue = rs.getString(1);
                        long oldest = rs.getLong(6);
                        Optional<Instant> since =
                                rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(oldest));
                        byQueue.put(
                                queue,
                                new QueueStats(
                                        queue, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), since));
                    }
                }
            }
            return List.copyOf(byQueue.values());
        });
    }

    /** The kept finished jobs of every queue by final state, sorted by name (see {@link Dialect#finishedStats()}). */
    List<FinishedStats> finishedStats(Instant succeededSince) {
        return db.read("count the finished jobs of every queue", c -> {
            java.util.TreeMap<String, long[]> byQueue = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(dialect.finishedStats())) {
                ps.setLong(1, Micros.of(succeededSince));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] counts = byQueue.computeIfAbsent(rs.getString(1), q -> new long[3]);
                        int column = switch (JobState.valueOf(rs.getString(2))) {
                            case SUCCEEDED -> 0;
                            case DEAD -> 1;
                            default -> 2;
                        };
                        counts[column] = rs.getLong(3);
                    }
                }
            }
            List<FinishedStats> stats = new ArrayList<>(byQueue.size());
            byQueue.forEach((q, n) -> stats.add(new FinishedStats(q, n[1], n[2], java.util.OptionalLong.of(n[0]))));
            return List.copyOf(stats);
        });
    }

    /** True when a job with this id exists (finished or not). */
    boolean exists(long id) {
        return db.read("look up job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.findJob())) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private JobError lastError(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.lastError())) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? error(rs) : null;
            }
        }
    }
}
