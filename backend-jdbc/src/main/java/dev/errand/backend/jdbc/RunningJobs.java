package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.CompleteAllStatement;
import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.backend.jdbc.dialect.LeaseKey;
import dev.errand.backend.jdbc.dialect.RenewStatement;
import dev.errand.config.Durations;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.spi.Completion;
import dev.errand.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Changes to running jobs, each fenced on the lease: the statements match {@code id},
 * {@code lease_owner} and {@code attempt} of a {@code RUNNING} row, so a worker whose lease was
 * recovered and re-delivered changes nothing (the update count is zero and the caller learns it
 * lost the lease).
 */
final class RunningJobs {
    /** Longest error message and stack trace stored; longer ones are cut with a note. */
    static final int MAX_MESSAGE = 8_000;

    static final int MAX_STACK = 60_000;
    static final int MAX_TYPE = 255;
    /** Expired leases recovered per call, so one call stays short however many workers died. */
    static final int RECOVER_BATCH = 500;

    private final Database db;
    private final Dialect dialect;
    private final RenewStatement renewStatement;
    private final CompleteAllStatement completeAllStatement;

    RunningJobs(Database db) {
        this.db = db;
        this.dialect = db.dialect();
        this.renewStatement = dialect.renew();
        this.completeAllStatement = dialect.completeAll();
    }

    boolean complete(Lease lease, byte[] result, Instant now) {
        long id = JobIds.parse(lease.id());
        if (id < 0) {
            return false;
        }
        return db.transaction("complete job " + lease.id(), c -> {
            if (fenced(c, dialect.complete(), Micros.of(now), key(lease)) == 0) {
                return false;
            }
            if (result != null) {
                try (PreparedStatement ps = c.prepareStatement(dialect.insertResult())) {
                    ps.setLong(1, id);
                    ps.setBytes(2, result);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    /**
     * Ends many running attempts successfully: the dialect's {@link CompleteAllStatement}, alone in auto-commit
     * when no job returned a result (where the dialect allows), else in one transaction with the results in one batch. Returns, in input order, whether
     * each lease was held.
     */
    List<Boolean> completeAll(List<Completion> completions, Instant now) {
        Boolean[] held = new Boolean[completions.size()];
        Arrays.fill(held, Boolean.FALSE);
        List<Integer> valid = new ArrayList<>(completions.size());
        for (int i = 0; i < held.length; i++) {
            if (JobIds.parse(completions.get(i).lease().id()) >= 0) {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return Arrays.asList(held);
        }
        List<LeaseKey> keys =
                valid.stream().map(i -> key(completions.get(i).lease())).toList();
        long finishedAt = Micros.of(now);
        if (valid.stream().allMatch(i -> completions.get(i).result() == null)) {
            // One statement and no results to store: in auto-commit where that saves the COMMIT's round trip.
            Database.Work<boolean[]> complete = c -> completeAllStatement.completeAll(c, finishedAt, keys);
            boolean[] done = db.autoCommitted(
                    "complete " + valid.size() + " jobs", complete, c -> completedBefore(c, complete.run(c), keys));
            for (int k = 0; k < done.length; k++) {
                held[valid.get(k)] = done[k];
            }
            return Arrays.asList(held);
        }
        db.transaction("complete " + valid.size() + " jobs", c -> {
            boolean[] done = completeAllStatement.completeAll(c, finishedAt, keys);
            for (int k = 0; k < done.length; k++) {
                held[valid.get(k)] = done[k];
            }
            boolean anyResult = false;
            try (PreparedStatement ps = c.prepareStatement(dialect.insertResult())) {
                for (int i : valid) {
                    Completion completion = completions.get(i);
                    if (held[i] && completion.result() != null) {
                        ps.setLong(1, JobIds.parse(completion.lease().id()));
                        ps.setBytes(2, completion.result());
                        ps.addBatch();
                        anyResult = true;
                    }
                }
                if (anyResult) {
                    ps.executeBatch();
                }
            }
            return null;
        });
        return Arrays.asList(held);
    }

    /**
     * After a completion whose connection was lost and which was run again: a lease the second run did not hold was
     * still held by the first if its job succeeded at that attempt (no other worker's attempt came in between).
     */
    private boolean[] completedBefore(Connection c, boolean[] held, List<LeaseKey> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.findJob())) {
            for (int k = 0; k < held.length; k++) {
                if (held[k]) {
                    continue;
                }
                ps.setLong(1, keys.get(k).id());
                try (ResultSet rs = ps.executeQuery()) {
                    held[k] = rs.next()
                            && "SUCCEEDED".equals(rs.getString("state"))
                            && rs.getInt("attempt") == keys.get(k).attempt();
                }
            }
        }
        return held;
    }

    boolean fail(Lease lease, JobError error, Instant retryAt, Instant now) {
        long id = JobIds.parse(lease.id());
        if (id < 0) {
            return false;
        }
        return db.transaction("fail job " + lease.id(), c -> {
            int changed = retryAt == null
                    ? fenced(c, dialect.kill(), Micros.of(now), key(lease))
                    : fenced(c, dialect.retry(), Micros.of(retryAt), key(lease));
            if (changed == 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.insertError())) {
                bindError(ps, id, lease.attempt(), error);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Extends the held leases; returns the ids whose lease is not held. */
    Set<JobId> renew(Collection<Lease> leases, Instant expiresAt) {
        List<Lease> list = List.copyOf(leases);
        long expires = Micros.of(expiresAt);
        Set<JobId> lost = new LinkedHashSet<>();
        List<Lease> valid = new ArrayList<>(list.size());
        for (Lease lease : list) {
            if (JobIds.parse(lease.id()) < 0) {
                lost.add(lease.id());
            } else {
                valid.add(lease);
            }
        }
        if (valid.isEmpty()) {
            return lost;
        }
        List<LeaseKey> keys = valid.stream().map(RunningJobs::key).toList();
        return db.transaction("renew " + valid.size() + " leases", c -> {
            boolean[] held = renewStatement.renew(c, expires, keys);
            for (int i = 0; i < held.length; i++) {
                if (!held[i]) {
                    lost.add(valid.get(i).id());
                }
            }
            return lost;
        });
    }

    void release(Collection<Lease> leases) {
        List<LeaseKey> valid = leases.stream()
                .filter(l -> JobIds.parse(l.id()) >= 0)
                .map(RunningJobs::key)
                .sorted(LeaseKey.LOCK_ORDER)
                .toList();
        if (valid.isEmpty()) {
            return;
        }
        db.transaction("release " + valid.size() + " jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.release())) {
                for (LeaseKey lease : valid) {
                    lease.bind(ps, 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Recovers up to {@link #RECOVER_BATCH} expired leases: waiting again, or dead on the last attempt. */
    int recoverExpired(Instant now) {
        long nowMicros = Micros.of(now);
        return db.transaction("recover expired leases", c -> {
            List<Expired> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dialect.expiredLeases())) {
                ps.setLong(1, nowMicros);
                ps.setInt(2, RECOVER_BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expired.add(
                                new Expired(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getLong(5)));
                    }
                }
            }
            int recovered = 0;
            for (Expired e : expired) {
                boolean dead = e.attempt >= e.maxAttempts;
                LeaseKey lease = new LeaseKey(e.id, e.owner, e.attempt);
                if (fenced(c, dead ? dialect.kill() : dialect.retry(), nowMicros, lease) == 0) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(dialect.insertError())) {
                    bindError(
                            ps,
                            e.id,
                            e.attempt,
                            new JobError(e.attempt, now, "LeaseExpired", message(e, now, dead), ""));
                    ps.executeUpdate();
                }
                recovered++;
            }
            return recovered;
        });
    }

    private static String message(Expired e, Instant now, boolean dead) {
        Instant expiredAt = Micros.toInstant(e.expiresAt);
        return "lease of worker " + e.owner + " expired at " + expiredAt + " ("
                + Durations.format(Duration.between(expiredAt, now))
                + " ago); the worker died or stopped heartbeating; "
                + (dead
                        ? "that was attempt " + e.attempt + " of " + e.maxAttempts + ", so the job is dead"
                        : "re-delivered");
    }

    /** Runs a fenced statement whose parameters are (value, id, owner, attempt). */
    private static int fenced(Connection c, String sql, long value, LeaseKey lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, value);
            lease.bind(ps, 2);
            return ps.executeUpdate();
        }
    }

    /** The lease as the statements match it; the caller has checked that its id is one of ours. */
    private static LeaseKey key(Lease lease) {
        return new LeaseKey(JobIds.parse(lease.id()), lease.owner(), lease.attempt());
    }

    private static void bindError(PreparedStatement ps, long id, int attempt, JobError error) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, attempt);
        ps.setLong(3, Micros.of(error.at()));
        ps.setString(4, cut(error.type(), MAX_TYPE));
        ps.setString(5, cut(error.message(), MAX_MESSAGE));
        ps.setString(6, cut(error.stackTrace(), MAX_STACK));
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String note = "... (" + (s.length() - max) + " more characters cut by errand-backend-jdbc)";
        return max > note.length() * 2 ? s.substring(0, max - note.length()) + note : s.substring(0, max);
    }

    private record Expired(long id, int attempt, int maxAttempts, String owner, long expiresAt) {}
}
