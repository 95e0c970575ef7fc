package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.MySqlDialect;
import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * {@link ScheduledBacklogClaimCases} on MariaDB: the rows a claim read are the growth of the session's {@code
 * Handler_read_*} counters while it ran, with MariaDB's {@code Handler_icp_attempts} (the index entries InnoDB checked
 * against a pushed-down condition: those it dropped reach no read counter, those it kept are counted twice), less what
 * reading the counters itself adds.
 */
class MySqlScheduledBacklogClaimTest extends RowCountingBacklogCases {
    @Override
    JdbcSettings newDatabase() {
        return TestDatabases.settings(
                MariaDbServer.shared().newDatabase("scheduled_backlog", ""), MariaDbServer.USER, null);
    }

    @Override
    String range(long first, long last) {
        return "(SELECT seq AS g FROM seq_" + first + "_to_" + last + ") AS r";
    }

    @Override
    String payload() {
        return "X'5b5d'";
    }

    @Override
    List<String> analyze(String jobs) {
        return List.of("ANALYZE TABLE " + jobs);
    }

    @Override
    ClaimStatement claimStatement() {
        return new MySqlDialect(settings.tables()).claim();
    }

    /** The claim index named, as the statistics may lead MariaDB to the next-due index instead. */
    @Override
    String claimOrderPick() {
        return settings.tables().expand("""
                SELECT id FROM {prefix}jobs FORCE INDEX ({prefix}jobs_claim)
                 WHERE queue = ? AND state = 'AVAILABLE' AND run_at <= ?
                 ORDER BY priority_rank, run_at, id
                 LIMIT ?""");
    }

    /** The lock and the next priority's lookup. */
    @Override
    int statementsPerPriority() {
        return 2;
    }

    @Override
    long rowsRead(String queue, int max) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return rowsReadWhile(c, () -> claim(c, Set.of(queue), max));
        }
    }

    @Override
    long rowsReadBy(String sql, Object... parameters) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try {
                return rowsReadWhile(c, () -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // every row, as a claim takes them
                        }
                    }
                });
            } finally {
                c.rollback();
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /** The rows read on {@code c} while {@code action} ran, less what reading the counters adds. */
    private static long rowsReadWhile(Connection c, SqlAction action) throws SQLException {
        long first = handlerReads(c);
        long reading = handlerReads(c) - first; // each reading of the counters adds the same
        long start = handlerReads(c);
        action.run();
        return handlerReads(c) - start - reading;
    }

    private static long handlerReads(Connection c) throws SQLException {
        long reads = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%'"
                        + " OR Variable_name = 'Handler_icp_attempts'")) {
            while (rs.next()) {
                reads += rs.getLong(2);
            }
        }
        return reads;
    }
}
