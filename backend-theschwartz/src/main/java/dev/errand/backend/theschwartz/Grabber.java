package dev.errand.backend.theschwartz;

import dev.errand.job.JobDefinition;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Grabs jobs as TheSchwartz does: reads due, ungrabbed candidates, then sets {@code grabbed_until} on each by
 * compare-and-set on the value read, so that a Perl or Java worker that got there first wins and this one moves on.
 * Unlike Perl's grab it never rewrites {@code arg} or {@code run_after}. The attempt is the job's error rows + 1.
 */
final class Grabber {
    private final DataSource pool;
    private final FuncMap funcMap;
    private final LeaseTokens tokens;
    private final int batchSize;
    private final Clock clock;
    private final JobIds ids;

    Grabber(DataSource pool, FuncMap funcMap, LeaseTokens tokens, int batchSize, Clock clock, JobIds ids) {
        this.ids = ids;
        this.clock = clock;
        this.pool = pool;
        this.funcMap = funcMap;
        this.tokens = tokens;
        this.batchSize = batchSize;
    }

    private record Candidate(
            long jobid,
            int funcid,
            JobDefinition<?> job,
            byte[] arg,
            Long insertTime,
            long runAfter,
            long read,
            Integer priority) {}

    List<ClaimedJob> grab(List<JobDefinition<?>> served, int max, String owner, Duration lease) {
        long now = clock.instant().getEpochSecond();
        if (served.isEmpty() || max <= 0) {
            return List.of();
        }
        Map<Integer, JobDefinition<?>> byFuncid = new HashMap<>();
        for (JobDefinition<?> job : served) {
            byFuncid.put(funcMap.idOf(job.name()), job);
        }
        long until = Finisher.ceilSeconds(clock.instant().plus(lease)); // never a shorter grab than the lease
        try (Connection c = pool.getConnection()) {
            try {
                List<Candidate> candidates = candidates(c, byFuncid, now);
                // End the read before writing: on SQLite a read lock upgraded to a write lock can fail at once
                // (SQLITE_BUSY) instead of waiting; the compare-and-set below makes the gap harmless.
                c.commit();
                List<Candidate> won = new ArrayList<>();
                try (PreparedStatement grab = c.prepareStatement(Statements.GRAB)) {
                    for (Candidate candidate : candidates) {
                        grab.setLong(1, until);
                        grab.setLong(2, candidate.jobid());
                        grab.setLong(3, candidate.read());
                        grab.setLong(4, now);
                        if (grab.executeUpdate() == 1) {
                            // Each grab commits alone, so another worker's grab of the next candidate never waits on
                            // ours.
                            c.commit();
                            won.add(candidate);
                            if (won.size() == max) {
                                break;
                            }
                        }
                    }
                }
                Map<Long, Integer> failures = failures(c, won);
                c.commit();
                List<ClaimedJob> claimed = new ArrayList<>(won.size());
                for (Candidate w : won) {
                    int attempt = failures.getOrDefault(w.jobid(), 0) + 1;
                    Lease l = new Lease(ids.of(w.jobid()), owner, attempt);
                    tokens.hold(l, until, w.funcid());
                    Instant runAt = Instant.ofEpochSecond(w.runAfter());
                    Instant enqueued = w.insertTime() == null ? runAt : Instant.ofEpochSecond(w.insertTime());
                    claimed.add(new ClaimedJob(
                            l.id(),
                            w.job().name(),
                            w.job().queue(),
                            w.priority() == null ? 0 : w.priority(),
                            w.arg() == null ? new byte[0] : w.arg(),
                            w.job().fingerprint(),
                            attempt,
                            w.job().maxAttempts(),
                            w.job().timeout(),
                            enqueued,
                            runAt,
                            l));
                }
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException(
                    "cannot grab jobs of "
                            + byFuncid.values().stream()
                                    .map(JobDefinition::name)
                                    .toList() + ": " + e.getMessage(),
                    e);
        }
    }

    private List<Candidate> candidates(Connection c, Map<Integer, JobDefinition<?>> byFuncid, long now)
            throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(Statements.candidates(byFuncid.size()))) {
            int i = 1;
            for (int funcid : byFuncid.keySet()) {
                s.setInt(i++, funcid);
            }
            s.setLong(i++, now);
            s.setLong(i++, now);
            s.setInt(i, batchSize);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long insertTime = rs.getLong(4);
                    Long inserted = rs.wasNull() ? null : insertTime;
                    int priority = rs.getInt(7);
                    Integer p = rs.wasNull() ? null : priority;
                    out.add(new Candidate(
                            rs.getLong(1),
                            rs.getInt(2),
                            byFuncid.get(rs.getInt(2)),
                            rs.getBytes(3),
                            inserted,
                            rs.getLong(5),
                            rs.getLong(6),
                            p));
                }
            }
        }
        return out;
    }

    private static Map<Long, Integer> failures(Connection c, List<Candidate> won) throws SQLException {
        Map<Long, Integer> counts = new HashMap<>();
        if (won.isEmpty()) {
            return counts;
        }
        try (PreparedStatement s = c.prepareStatement(Statements.errorCounts(won.size()))) {
            for (int i = 0; i < won.size(); i++) {
                s.setLong(i + 1, won.get(i).jobid());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}
