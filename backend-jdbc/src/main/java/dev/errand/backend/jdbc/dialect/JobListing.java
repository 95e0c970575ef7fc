package dev.errand.backend.jdbc.dialect;

import dev.errand.job.JobState;
import dev.errand.spi.JobQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's job listing: one SELECT per page, put together from fixed fragments (every value a user gives is a
 * bound parameter), walking an index in (enqueued_at, id) order from the cursor and stopping after the page (keyset
 * paging, no OFFSET). Schema version 4 adds the indexes: (state, enqueued_at, id) for a state filter,
 * (queue, enqueued_at, id) for a queue filter without one, (enqueued_at, id) for neither. A filter on several
 * stored states reads and sorts every job in them.
 *
 * <p>Rows: id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at, unique_key, headers, as
 * {@link Dialect#findJob()}.
 */
public final class JobListing {
    private static final Set<JobState> WAITING = EnumSet.of(JobState.AVAILABLE, JobState.SCHEDULED, JobState.RETRYABLE);

    private final String select;
    private final boolean rowValues;

    /** @param rowValues whether the database walks an index for {@code (a, b) < (?, ?)}; else the condition is spelt out */
    JobListing(TableNames tables, boolean rowValues) {
        this.select = tables.expand("""
                SELECT id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at,
                       unique_key, headers
                  FROM {prefix}jobs
                 WHERE 1 = 1""");
        this.rowValues = rowValues;
    }

    /** The page's statement, bound: {@code limit + 1} rows, so the caller knows whether a next page exists. */
    public PreparedStatement prepare(Connection c, JobQuery query, long nowMicros, long afterMicros, long afterId)
            throws SQLException {
        StringBuilder sql = new StringBuilder(select);
        List<Object> params = new ArrayList<>();
        if (!query.states().isEmpty()) {
            states(sql, params, query.states(), nowMicros);
        }
        query.queue().ifPresent(q -> {
            sql.append("\n   AND queue = ?");
            params.add(q);
        });
        query.name().ifPresent(n -> {
            sql.append("\n   AND name = ?");
            params.add(n);
        });
        query.enqueuedFrom().ifPresent(t -> {
            sql.append("\n   AND enqueued_at >= ?");
            params.add(micros(t));
        });
        query.enqueuedBefore().ifPresent(t -> {
            sql.append("\n   AND enqueued_at < ?");
            params.add(micros(t));
        });
        String op = query.isNewestFirst() ? "<" : ">";
        if (query.after().isPresent()) {
            if (rowValues) {
                sql.append("\n   AND (enqueued_at, id) ").append(op).append(" (?, ?)");
                params.add(afterMicros);
            } else {
                sql.append("\n   AND (enqueued_at ")
                        .append(op)
                        .append(" ? OR (enqueued_at = ? AND id ")
                        .append(op)
                        .append(" ?))");
                params.add(afterMicros);
                params.add(afterMicros);
            }
            params.add(afterId);
        }
        String dir = query.isNewestFirst() ? "DESC" : "ASC";
        sql.append("\n ORDER BY enqueued_at ")
                .append(dir)
                .append(", id ")
                .append(dir)
                .append("\n LIMIT ?");
        params.add(query.limit() + 1);
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setLong(i + 1, (Long) p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * The state filter: stored states in a list, and for waiting jobs (stored as AVAILABLE) the run_at and attempt
     * conditions that tell available, scheduled and retryable apart at {@code now}.
     */
    private static void states(StringBuilder sql, List<Object> params, Set<JobState> states, long now) {
        List<String> stored = new ArrayList<>();
        for (JobState s : states) {
            if (!WAITING.contains(s)) {
                stored.add("'" + s.name() + "'"); // an enum constant, never user text
            }
        }
        List<String> waiting = new ArrayList<>();
        if (states.containsAll(WAITING)) {
            stored.add("'AVAILABLE'");
        } else {
            if (states.contains(JobState.AVAILABLE)) {
                waiting.add("run_at <= ?");
                params.add(now);
            }
            if (states.contains(JobState.SCHEDULED)) {
                waiting.add("(run_at > ? AND attempt = 0)");
                params.add(now);
            }
            if (states.contains(JobState.RETRYABLE)) {
                waiting.add("(run_at > ? AND attempt > 0)");
                params.add(now);
            }
        }
        if (waiting.isEmpty()) {
            sql.append(
                    stored.size() == 1
                            ? "\n   AND state = " + stored.get(0)
                            : "\n   AND state IN (" + String.join(", ", stored) + ")");
            return;
        }
        String waitingClause = "(state = 'AVAILABLE' AND (" + String.join(" OR ", waiting) + "))";
        sql.append(
                stored.isEmpty()
                        ? "\n   AND " + waitingClause
                        : "\n   AND (state IN (" + String.join(", ", stored) + ") OR " + waitingClause + ")");
    }

    private static long micros(java.time.Instant t) {
        return dev.errand.spi.JobCursor.micros(t);
    }
}
