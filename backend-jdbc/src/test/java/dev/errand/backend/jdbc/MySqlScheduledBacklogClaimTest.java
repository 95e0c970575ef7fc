package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.MySqlDialect;
import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * {@link ScheduledBacklogClaimCases} on MariaDB: the rows the claim read are the growth of the session's {@code
 * Handler_read_*} counters while it ran, less what reading the counters itself adds.
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

    @Override
    long rowsRead(String queue, int max) throws SQLException {
        try (Connection c = pool.getConnection()) {
            long before = handlerReads(c);
            long counting = handlerReads(c) - before;
            long start = handlerReads(c);
            claim(c, Set.of(queue), max);
            return handlerReads(c) - start - counting;
        }
    }

    /** The session's rows read so far, by index and by table scan. */
    private static long handlerReads(Connection c) throws SQLException {
        long reads = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Handler_read%'")) {
            while (rs.next()) {
                reads += rs.getLong(2);
            }
        }
        return reads;
    }
}
