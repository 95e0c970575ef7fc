package dev.errand.backend.theschwartz;

import java.util.Collections;

/** The SQL every database shares, on TheSchwartz 1.12's tables; {@link Dialect} has the rest. Times are epoch seconds. */
final class Statements {
    private Statements() {}

    static final String SELECT_FUNCID = "SELECT funcid FROM funcmap WHERE funcname = ?";
    static final String INSERT_FUNCMAP = "INSERT INTO funcmap (funcname) VALUES (?)";

    static final String SELECT_HOLDER = "SELECT jobid FROM job WHERE funcid = ? AND uniqkey = ?";

    /** Due, ungrabbed jobs of the functions: {@code %s} is one placeholder per funcid, then now, now, limit. */
    private static final String CANDIDATES = """
            SELECT jobid, funcid, arg, insert_time, run_after, grabbed_until, priority
            FROM job
            WHERE funcid IN (%s) AND run_after <= ? AND grabbed_until <= ?
            ORDER BY COALESCE(priority, 0) DESC, jobid
            LIMIT ?""";

    /** The grab: a compare-and-set on the grabbed_until read, which must still be in the past (Perl's own check). */
    static final String GRAB =
            "UPDATE job SET grabbed_until = ? WHERE jobid = ? AND grabbed_until = ? AND grabbed_until <= ?";

    private static final String ERROR_COUNTS = "SELECT jobid, COUNT(*) FROM error WHERE jobid IN (%s) GROUP BY jobid";

    /** The earliest run_after of the functions' ungrabbed jobs: {@code %s} as in candidates, then now. */
    private static final String NEXT_DUE = "SELECT MIN(run_after) FROM job WHERE funcid IN (%s) AND grabbed_until <= ?";

    static final String RENEW = "UPDATE job SET grabbed_until = ? WHERE jobid = ? AND grabbed_until = ?";
    static final String RELEASE = "UPDATE job SET grabbed_until = 0 WHERE jobid = ? AND grabbed_until = ?";
    static final String DELETE_GRABBED = "DELETE FROM job WHERE jobid = ? AND grabbed_until = ?";
    static final String DELETE_UNGRABBED =
            "DELETE FROM job WHERE jobid = ? AND grabbed_until = ? AND grabbed_until <= ?";

    static final String INSERT_ERROR = "INSERT INTO error (error_time, jobid, message, funcid) VALUES (?, ?, ?, ?)";
    static final String INSERT_EXITSTATUS =
            "INSERT INTO exitstatus (jobid, funcid, status, completion_time, delete_after) VALUES (?, ?, ?, ?, ?)";

    static final String SELECT_JOB =
            "SELECT funcid, insert_time, run_after, grabbed_until, priority, uniqkey FROM job WHERE jobid = ?";
    /** A job row with its function's name, read in one statement: see {@link JobStates#find}. */
    static final String SELECT_JOB_INFO = """
            SELECT f.funcname, j.insert_time, j.run_after, j.grabbed_until, j.priority, j.uniqkey
            FROM job j LEFT JOIN funcmap f ON f.funcid = j.funcid
            WHERE j.jobid = ?""";

    static final String SELECT_EXITSTATUS = """
            SELECT e.status, e.completion_time, f.funcname
            FROM exitstatus e LEFT JOIN funcmap f ON f.funcid = e.funcid
            WHERE e.jobid = ?""";
    static final String SELECT_ERRORS = "SELECT error_time, message FROM error WHERE jobid = ? ORDER BY error_time";

    static final String QUEUE_ROWS = """
            SELECT f.funcname, j.run_after, j.grabbed_until,
                   (SELECT COUNT(*) FROM error e WHERE e.jobid = j.jobid)
            FROM job j JOIN funcmap f ON f.funcid = j.funcid""";

    static final String CLEAN_ERRORS = "DELETE FROM error WHERE error_time < ?";
    static final String CLEAN_EXITSTATUS = "DELETE FROM exitstatus WHERE delete_after < ?";

    static String candidates(int funcids) {
        return CANDIDATES.formatted(placeholders(funcids));
    }

    static String errorCounts(int jobs) {
        return ERROR_COUNTS.formatted(placeholders(jobs));
    }

    static String nextDue(int funcids) {
        return NEXT_DUE.formatted(placeholders(funcids));
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
