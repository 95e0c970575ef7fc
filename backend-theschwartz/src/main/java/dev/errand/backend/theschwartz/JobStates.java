package dev.errand.backend.theschwartz;

import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.job.Names;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tables say about a job: a {@code job} row is an unfinished job (its state from {@code grabbed_until},
 * {@code run_after} and its error rows); without one, its {@code exitstatus} row says how it ended. Also
 * cancellation, which Perl lacks: the ungrabbed row deleted, with an error row saying why.
 */
final class JobStates {
    private static final Logger log = LoggerFactory.getLogger(JobStates.class);
    /** The error text of a cancelled job, which tells Perl's {@code failure_log} and {@link #find} why. */
    static final String CANCELLED = "errand: cancelled";

    private final DataSource pool;
    private final Registrations registrations;
    private final Finisher finisher;
    private final long keepSeconds;
    private final JobIds ids;

    JobStates(DataSource pool, Registrations registrations, Finisher finisher, long keepSeconds, JobIds ids) {
        this.ids = ids;
        this.pool = pool;
        this.registrations = registrations;
        this.finisher = finisher;
        this.keepSeconds = keepSeconds;
    }

    Optional<JobInfo> find(JobId id, long now) {
        OptionalLong parsed = ids.jobid(id);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        long jobid = parsed.getAsLong();
        try (Connection c = pool.getConnection()) {
            try {
                List<JobError> errors = errors(c, jobid);
                try (PreparedStatement s = c.prepareStatement(Statements.SELECT_JOB_INFO)) {
                    s.setLong(1, jobid);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            String funcname = name(rs.getString(1));
                            long inserted = rs.getLong(2);
                            long runAfter = rs.getLong(3);
                            long grabbedUntil = rs.getLong(4);
                            int priority = rs.getInt(5);
                            String uniqkey = rs.getString(6);
                            JobState state = grabbedUntil > now
                                    ? JobState.RUNNING
                                    : runAfter > now
                                            ? (errors.isEmpty() ? JobState.SCHEDULED : JobState.RETRYABLE)
                                            : JobState.AVAILABLE;
                            int attempt = errors.size() + (state == JobState.RUNNING ? 1 : 0);
                            return Optional.of(info(
                                    id,
                                    funcname,
                                    state,
                                    attempt,
                                    priority,
                                    Instant.ofEpochSecond(inserted == 0 ? runAfter : inserted),
                                    Instant.ofEpochSecond(runAfter),
                                    Optional.empty(),
                                    Optional.ofNullable(uniqkey),
                                    errors));
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement(Statements.SELECT_EXITSTATUS)) {
                    s.setLong(1, jobid);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            int status = rs.getInt(1);
                            Instant done = Instant.ofEpochSecond(rs.getLong(2));
                            String funcname = name(rs.getString(3));
                            JobState state = status == 0
                                    ? JobState.SUCCEEDED
                                    : cancelled(errors) ? JobState.CANCELLED : JobState.DEAD;
                            return Optional.of(info(
                                    id,
                                    funcname,
                                    state,
                                    errors.size() + (status == 0 ? 1 : 0),
                                    0,
                                    done,
                                    done,
                                    Optional.of(done),
                                    Optional.empty(),
                                    errors));
                        }
                    }
                }
                return Optional.empty();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot read job " + id + ": " + e.getMessage(), e);
        }
    }

    /** The outcome of a finished job, empty while it is unfinished or unknown. */
    Optional<Outcome> outcome(JobId id, long now) {
        return find(id, now).filter(info -> info.state().isFinal()).map(info -> switch (info.state()) {
            case SUCCEEDED -> Outcome.succeeded(id, null);
            case CANCELLED -> Outcome.cancelled(id);
            default -> Outcome.dead(id, info.lastError().orElse(null));
        });
    }

    boolean cancel(JobId id, long now) {
        OptionalLong parsed = ids.jobid(id);
        if (parsed.isEmpty()) {
            return false;
        }
        long jobid = parsed.getAsLong();
        try (Connection c = pool.getConnection()) {
            try {
                long read;
                int funcid;
                try (PreparedStatement s = c.prepareStatement(Statements.SELECT_JOB)) {
                    s.setLong(1, jobid);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                        funcid = rs.getInt(1);
                        read = rs.getLong(4);
                    }
                }
                c.commit(); // the read ends before the write, as in Grabber; the delete compares grabbed_until
                int deleted;
                try (PreparedStatement s = c.prepareStatement(Statements.DELETE_UNGRABBED)) {
                    s.setLong(1, jobid);
                    s.setLong(2, read);
                    s.setLong(3, now);
                    deleted = s.executeUpdate();
                }
                if (deleted == 1) {
                    finisher.insertError(c, jobid, funcid, CANCELLED, now);
                    if (keepSeconds > 0) {
                        try (PreparedStatement exit = c.prepareStatement(Statements.INSERT_EXITSTATUS)) {
                            finisher.exitStatusRow(exit, jobid, funcid, 1, now);
                        }
                    }
                }
                c.commit();
                return deleted == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot cancel job " + id + ": " + e.getMessage(), e);
        }
    }

    /** One row per function name with unfinished jobs, as {@code schwartzmon queues} shows. */
    List<QueueStats> queueStats(long now) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Long> oldest = new TreeMap<>();
        int skipped = 0;
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement(Statements.QUEUE_ROWS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String funcname = rs.getString(1);
                if (!Names.QUEUE.matcher(funcname).matches()) {
                    skipped++;
                    continue;
                }
                long runAfter = rs.getLong(2);
                long grabbedUntil = rs.getLong(3);
                long failures = rs.getLong(4);
                long[] n = counts.computeIfAbsent(funcname, k -> new long[4]);
                if (grabbedUntil > now) {
                    n[2]++;
                } else if (runAfter > now) {
                    n[failures == 0 ? 1 : 3]++;
                } else {
                    n[0]++;
                    oldest.merge(funcname, runAfter, Math::min);
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new TheSchwartzException("cannot count the jobs of each function: " + e.getMessage(), e);
        }
        if (skipped > 0) {
            log.info(
                    "{} job(s) of functions whose names are not valid queue names are left out of the queue list",
                    skipped);
        }
        List<QueueStats> stats = new ArrayList<>();
        counts.forEach((name, n) -> stats.add(new QueueStats(
                name,
                n[0],
                n[1],
                n[2],
                n[3],
                Optional.ofNullable(oldest.get(name)).map(Instant::ofEpochSecond))));
        return stats;
    }

    /**
     * The function name a join read, or a stand-in when funcmap has none. Read by a join, never through {@link
     * FuncMap}: a second connection taken while this one holds SQLite's read lock would wait for a writer that waits
     * for that lock.
     */
    private static String name(String funcname) {
        return funcname != null ? funcname : "unknown-function";
    }

    private JobInfo info(
            JobId id,
            String funcname,
            JobState state,
            int attempt,
            int priority,
            Instant enqueued,
            Instant runAt,
            Optional<Instant> finished,
            Optional<String> uniqkey,
            List<JobError> errors) {
        Optional<JobDefinition<?>> job = registrations.anyFor(funcname);
        String queue = job.map(JobDefinition::queue)
                .orElse(Names.QUEUE.matcher(funcname).matches() ? funcname : JobDefinition.DEFAULT_QUEUE);
        String name = job.map(JobDefinition::name)
                .orElse(Names.JOB_NAME.matcher(funcname).matches() ? funcname : "funcid");
        // maxAttempts belongs to the worker class: 0 when no worker of this process serves the function.
        int maxAttempts = job.map(JobDefinition::maxAttempts).orElse(0);
        return new JobInfo(
                id, name, queue, state, attempt, maxAttempts, priority, enqueued, runAt, finished, uniqkey, errors);
    }

    private static boolean cancelled(List<JobError> errors) {
        return !errors.isEmpty() && errors.get(errors.size() - 1).message().equals(CANCELLED)
                || !errors.isEmpty() && errors.get(errors.size() - 1).type().equals(CANCELLED);
    }

    private static List<JobError> errors(Connection c, long jobid) throws SQLException {
        List<JobError> errors = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(Statements.SELECT_ERRORS)) {
            s.setLong(1, jobid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    errors.add(error(errors.size() + 1, Instant.ofEpochSecond(rs.getLong(1)), rs.getString(2)));
                }
            }
        }
        return errors;
    }

    /**
     * An error row as a {@link JobError}: the type from a leading {@code "a.b.C: "} or, as the runtime names its own
     * errors, {@code "PayloadTooLarge: "} (capitalised); else {@code TheSchwartzError}.
     */
    static JobError error(int attempt, Instant at, String message) {
        int colon = message.indexOf(": ");
        if (colon > 0 && message.substring(0, colon).matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+|[A-Z][\\w$]*")) {
            return new JobError(attempt, at, message.substring(0, colon), message.substring(colon + 2), "");
        }
        return new JobError(attempt, at, "TheSchwartzError", message, "");
    }
}
