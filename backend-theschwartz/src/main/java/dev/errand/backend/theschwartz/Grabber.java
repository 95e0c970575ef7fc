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
    private final boolean shortTransactions;

    Grabber(
            DataSource pool,
            FuncMap funcMap,
            LeaseTokens tokens,
            int batchSize,
            Clock clock,
            JobIds ids,
            boolean shortTransactions) {
        // SQLite: the read, the grabs and the attempt counts each in a transaction of their own.
        this.shortTransactions = shortTransactions;
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
            byFuncid.put(funcMap.idOf(Functions.of(job).funcname()), job);
        }
        long until = Finisher.ceilSeconds(clock.instant().plus(lease)); // never a shorter grab than the lease
        try (Connection c = pool.getConnection()) {
            try {
                // At least max candidates: a worker asking for more than batchSize jobs gets them in one grab.
                List<Candidate> candidates = candidates(c, byFuncid, now, Math.max(batchSize, max));
                candidates.removeIf(k -> stillOwn(k, owner, now, lease));
                if (shortTransactions) {
                    // On SQLite a read lock upgraded to a write lock can fail at once (SQLITE_BUSY) instead of
                    // waiting; the compare-and-set below makes the gap harmless.
                    c.commit();
                }
                List<Candidate> won = grabSome(c, candidates, max, until, now);
                if (shortTransactions) {
                    c.commit(); // SQLite's one write lock is held no longer than the grabs
                }
                Map<Long, Integer> failures = failures(c, won);
                c.commit(); // elsewhere one commit for the grabs and the reads around them
                until = keepFresh(c, won, until, lease);
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

    /**
     * Whether the candidate is a job whose grab by this very worker ran out unfinished, less than one more lease ago:
     * its finish or renewal is still being retried (the worker retries for one lease while the database is away), and
     * grabbing it again would run it twice. Other workers, Perl's included, may take it: that is TheSchwartz's
     * at-least-once.
     */
    private boolean stillOwn(Candidate candidate, String owner, long now, Duration lease) {
        return now < candidate.read() + lease.toSeconds() + 1
                && tokens.holdsOwn(ids.of(candidate.jobid()), owner, candidate.read());
    }

    /**
     * Grabs up to {@code max} of the candidates, uncommitted: each round sends one compare-and-set per job still wanted
     * as one batch, so a claim of n jobs costs about one round trip, not n. A lost race (another
     * worker's grab committed first) matches no row; the next round tries the following candidates. Candidates come
     * in one order for every worker, so two batches lock shared rows in the same order and never deadlock.
     */
    private static List<Candidate> grabSome(Connection c, List<Candidate> candidates, int max, long until, long now)
            throws SQLException {
        List<Candidate> won = new ArrayList<>();
        int next = 0;
        try (PreparedStatement grab = c.prepareStatement(Statements.GRAB)) {
            while (won.size() < max && next < candidates.size()) {
                List<Candidate> round = candidates.subList(next, Math.min(candidates.size(), next + max - won.size()));
                next += round.size();
                for (Candidate candidate : round) {
                    grab.setLong(1, until);
                    grab.setLong(2, candidate.jobid());
                    grab.setLong(3, candidate.read());
                    grab.setLong(4, now);
                    grab.addBatch();
                }
                int[] counts = grab.executeBatch();
                for (int i = 0; i < round.size(); i++) {
                    if (counts[i] == 1) {
                        won.add(round.get(i));
                    }
                }
            }
        }
        return won;
    }

    /**
     * The grab's end was computed before its writes and commit, which may have waited for a lock (SQLite's file lock, a Perl
     * worker's row lock) for much of the lease: a grab that ended while it waited is anyone's again. So while less
     * than half the lease is left, the grabs are extended, fenced on the value written: those another worker took
     * meanwhile are dropped from {@code won}. Returns the grabs' end.
     */
    private long keepFresh(Connection c, List<Candidate> won, long until, Duration lease) throws SQLException {
        long current = until;
        while (!won.isEmpty() && clock.instant().plus(lease.dividedBy(2)).getEpochSecond() >= current) {
            long renewed = Finisher.ceilSeconds(clock.instant().plus(lease));
            try (PreparedStatement renew = c.prepareStatement(Statements.RENEW)) {
                for (Candidate w : won) {
                    renew.setLong(1, renewed);
                    renew.setLong(2, w.jobid());
                    renew.setLong(3, current);
                    renew.addBatch();
                }
                int[] counts = renew.executeBatch();
                c.commit();
                List<Candidate> kept = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        kept.add(won.get(i));
                    }
                }
                won.retainAll(kept);
            }
            current = renewed;
        }
        return current;
    }

    private List<Candidate> candidates(Connection c, Map<Integer, JobDefinition<?>> byFuncid, long now, int limit)
            throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(Statements.candidates(byFuncid.size()))) {
            int i = 1;
            for (int funcid : byFuncid.keySet()) {
                s.setInt(i++, funcid);
            }
            s.setLong(i++, now);
            s.setLong(i++, now);
            s.setInt(i, limit);
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
