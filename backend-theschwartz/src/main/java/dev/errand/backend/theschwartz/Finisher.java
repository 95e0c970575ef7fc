package dev.errand.backend.theschwartz;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finishes grabbed jobs as Perl's {@code TheSchwartz::Job} does (success: the row deleted and an exit status 0
 * written; failure: an error row, then the job rescheduled or deleted with exit status 1), each change fenced on the
 * lease token, so a worker whose grab ran out and was taken over changes nothing.
 */
final class Finisher {
    private final DataSource pool;
    private final Dialect dialect;
    private final LeaseTokens tokens;
    private final long keepSeconds;
    private final JobIds ids;

    Finisher(DataSource pool, Dialect dialect, LeaseTokens tokens, long keepSeconds, JobIds ids) {
        this.ids = ids;
        this.pool = pool;
        this.dialect = dialect;
        this.tokens = tokens;
        this.keepSeconds = keepSeconds;
    }

    /**
     * Per lease, whether it was still held; the winners' rows are deleted and their exit status 0 written. The deletes
     * go as one JDBC batch and the exit statuses as another, so finishing n jobs costs about three round trips, not 2n.
     */
    List<Boolean> complete(List<Lease> leases, long now) {
        List<Boolean> held = new ArrayList<>(leases.size());
        try (LeaseTokens.Locked locked = tokens.lock(leases);
                Connection c = pool.getConnection()) {
            try (PreparedStatement delete = c.prepareStatement(Statements.DELETE_GRABBED);
                    PreparedStatement exit = c.prepareStatement(Statements.INSERT_EXITSTATUS)) {
                List<LeaseTokens.Held> grabs = new ArrayList<>(leases.size());
                for (Lease lease : leases) {
                    LeaseTokens.Held grab = tokens.get(lease);
                    grabs.add(grab);
                    if (grab != null) {
                        delete.setLong(1, ids.known(lease.id()));
                        delete.setLong(2, grab.token());
                        delete.addBatch();
                    }
                }
                int[] deleted = grabs.stream().anyMatch(g -> g != null) ? delete.executeBatch() : new int[0];
                boolean exits = false;
                for (int i = 0, k = 0; i < leases.size(); i++) {
                    LeaseTokens.Held grab = grabs.get(i);
                    boolean won = grab != null && deleted[k++] == 1;
                    if (won && keepSeconds > 0) {
                        bindExitStatus(exit, ids.known(leases.get(i).id()), grab.funcid(), 0, now);
                        exit.addBatch();
                        exits = true;
                    }
                    held.add(won);
                }
                if (exits) {
                    exit.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot record " + leases.size() + " finished job(s): " + e.getMessage(), e);
        }
        leases.forEach(tokens::drop);
        return held;
    }

    /** Records a failed attempt; {@code retryAt} null: the job is dead (deleted, exit status 1). */
    boolean fail(Lease lease, JobError error, Instant retryAt, long now) {
        try (LeaseTokens.Locked locked = tokens.lock(List.of(lease))) {
            return failLocked(lease, error, retryAt, now);
        }
    }

    private boolean failLocked(Lease lease, JobError error, Instant retryAt, long now) {
        LeaseTokens.Held grab = tokens.get(lease);
        if (grab == null) {
            return false;
        }
        long token = grab.token();
        int funcid = grab.funcid();
        long jobid = ids.known(lease.id());
        try (Connection c = pool.getConnection()) {
            try {
                insertError(c, jobid, funcid, text(error), now);
                boolean held;
                if (retryAt != null) {
                    try (PreparedStatement s = c.prepareStatement(dialect.failRetry())) {
                        s.setLong(1, ceilSeconds(retryAt));
                        s.setLong(2, jobid);
                        s.setLong(3, token);
                        held = s.executeUpdate() == 1;
                    }
                } else {
                    try (PreparedStatement delete = c.prepareStatement(Statements.DELETE_GRABBED)) {
                        held = fenced(delete, lease, token) == 1;
                    }
                    if (held && keepSeconds > 0) {
                        try (PreparedStatement exit = c.prepareStatement(Statements.INSERT_EXITSTATUS)) {
                            exitStatusRow(exit, jobid, funcid, 1, now);
                        }
                    }
                }
                if (held) {
                    c.commit();
                } else {
                    c.rollback();
                }
                tokens.drop(lease);
                return held;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot record the failure of job " + lease.id() + ": " + e.getMessage(), e);
        }
    }

    /** Extends the grabs to {@code until}; returns the ids whose grab is no longer this process's. */
    Set<JobId> renew(Collection<Lease> leases, long until) {
        Set<JobId> lost = new HashSet<>();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(Statements.RENEW)) {
                for (Lease lease : leases) {
                    try (LeaseTokens.Locked locked = tokens.lock(List.of(lease))) {
                        LeaseTokens.Held grab = tokens.get(lease);
                        if (grab == null) {
                            lost.add(lease.id());
                            continue;
                        }
                        s.setLong(1, until);
                        s.setLong(2, ids.known(lease.id()));
                        s.setLong(3, grab.token());
                        // Ended before the next lease's lock is awaited, either way: on SQLite even an update of no
                        // row holds the file's write lock, which a finish holding that lease's lock may be waiting for.
                        if (s.executeUpdate() == 1) {
                            c.commit();
                            tokens.hold(lease, until, grab.funcid());
                        } else {
                            c.rollback();
                            lost.add(lease.id());
                            tokens.drop(lease);
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot extend " + leases.size() + " grab(s): " + e.getMessage(), e);
        }
        return lost;
    }

    /** Hands jobs back unrun: grabbable at once, no error row (so the attempt does not count). */
    void release(Collection<Lease> leases) {
        try (LeaseTokens.Locked locked = tokens.lock(leases);
                Connection c = pool.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(Statements.RELEASE)) {
                for (Lease lease : leases) {
                    LeaseTokens.Held grab = tokens.get(lease);
                    if (grab != null) {
                        s.setLong(1, ids.known(lease.id()));
                        s.setLong(2, grab.token());
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot hand back " + leases.size() + " job(s): " + e.getMessage(), e);
        }
        leases.forEach(tokens::drop);
    }

    /** What a Java failure writes to {@code error.message}: {@code "<type>: <message>"}, as the column takes it. */
    String text(JobError error) {
        String text = error.message().isEmpty() ? error.type() : error.type() + ": " + error.message();
        return dialect.errorText(text);
    }

    void insertError(Connection c, long jobid, int funcid, String message, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(Statements.INSERT_ERROR)) {
            s.setLong(1, now);
            s.setLong(2, jobid);
            s.setString(3, dialect.errorText(message));
            s.setInt(4, funcid);
            s.executeUpdate();
        }
    }

    /** Writes an exit status row now. */
    void exitStatusRow(PreparedStatement exit, long jobid, int funcid, int status, long now) throws SQLException {
        bindExitStatus(exit, jobid, funcid, status, now);
        exit.executeUpdate();
    }

    private void bindExitStatus(PreparedStatement exit, long jobid, int funcid, int status, long now)
            throws SQLException {
        exit.setLong(1, jobid);
        exit.setInt(2, funcid);
        exit.setInt(3, status);
        exit.setLong(4, now);
        exit.setLong(5, now + keepSeconds);
    }

    private int fenced(PreparedStatement s, Lease lease, long token) throws SQLException {
        s.setLong(1, ids.known(lease.id()));
        s.setLong(2, token);
        return s.executeUpdate();
    }

    /** An instant as TheSchwartz's whole epoch seconds, never earlier than it. */
    static long ceilSeconds(Instant t) {
        return t.getNano() > 0 ? t.getEpochSecond() + 1 : t.getEpochSecond();
    }
}
