package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.H2Dialect;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which failures make {@link Database#transaction} run its work again: a rollback to break a deadlock (SQLState
 * 40001, PostgreSQL's 40P01) or a COMMIT refused as one, up to five times, a lost connection once, and nothing else,
 * each counted on its own.
 * {@link DeadlockVictimTest} builds real deadlocks; here the work throws what the drivers throw.
 */
class ConflictRetryTest {
    private static HikariDataSource pool;
    private static Database db;

    @BeforeAll
    static void open() {
        JdbcSettings settings = TestDatabases.settings("jdbc:h2:mem:conflicts", null, null);
        pool = TestDatabases.pool(settings);
        db = new Database(pool, new H2Dialect(settings.tables()), false);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    /** Work that throws {@code failures} in turn, one per run, then returns "done". */
    private static Database.Work<String> failing(AtomicInteger runs, SQLException... failures) {
        return c -> {
            int run = runs.incrementAndGet();
            if (run <= failures.length) {
                throw failures[run - 1];
            }
            return "done";
        };
    }

    private static SQLException deadlock() {
        return new SQLException("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
    }

    @Test
    void aDeadlockVictim_runsAgain_asOftenAsItIsChosen_upToFiveTimes() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(db.transaction(
                        "do it",
                        failing(
                                runs,
                                deadlock(),
                                new SQLException("deadlock detected", "40P01"),
                                deadlock(),
                                deadlock(),
                                deadlock())))
                .isEqualTo("done");
        assertThat(runs).hasValue(6);
    }

    @Test
    void aSixthDeadlock_isReported_namingTheOperationAndHowOftenItRan() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction(
                        "complete 3 jobs",
                        failing(runs, deadlock(), deadlock(), deadlock(), deadlock(), deadlock(), deadlock())))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageStartingWith(
                        "JDBC backend could not complete 3 jobs (run 6 times, rolled back 5 times before"
                                + " to break a deadlock) on h2: SQLState 40001");
        assertThat(runs).hasValue(6);
    }

    @Test
    void aLockWaitTimeout_isNotRunAgain_thoughMySqlConnectorJReportsItAs40001() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction(
                        "release 2 jobs",
                        failing(
                                runs,
                                new SQLException(
                                        "Lock wait timeout exceeded; try restarting transaction", "40001", 1205))))
                .hasMessageStartingWith(
                        "JDBC backend could not release 2 jobs on h2: SQLState 40001: Lock wait timeout");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aLostConnection_runsAgainOnce_withoutUsingUpADeadlockRetry_orBeingReportedAsOne() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(db.transaction(
                        "do it",
                        failing(
                                runs,
                                new SQLException("connection lost", "08006"),
                                deadlock(),
                                deadlock(),
                                deadlock(),
                                deadlock(),
                                deadlock())))
                .isEqualTo("done");
        assertThat(runs).hasValue(7);

        AtomicInteger again = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction(
                        "renew 4 leases",
                        failing(
                                again,
                                new SQLException("connection lost", "08006"),
                                new SQLException("syntax error", "42000"))))
                .hasMessage("JDBC backend could not renew 4 leases on h2: SQLState 42000: syntax error");
        assertThat(again).hasValue(2);
    }

    /** A database whose first COMMIT fails with {@code failure} (the transaction then rolled back), counting COMMITs. */
    private static Database failingFirstCommit(AtomicInteger commits, SQLException failure) {
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(pool, args);
                    }
                    Connection real = pool.getConnection();
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("commit") && commits.incrementAndGet() == 1) {
                                    real.rollback();
                                    throw failure;
                                }
                                return m.invoke(real, a);
                            });
                });
        return new Database(dataSource, db.dialect(), false);
    }

    @Test
    void aCommitRefusedAsAConflict_runsAgain_asGaleraRefusesOneThatLostItsCertification() {
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();

        assertThat(failingFirstCommit(commits, deadlock()).transaction("do it", failing(runs)))
                .isEqualTo("done");
        assertThat(runs).hasValue(2);
        assertThat(commits).hasValue(2);
    }

    @Test
    void aCommitWhoseConnectionWasLost_isNotRunAgain_forItMayHaveCommitted() {
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> failingFirstCommit(commits, new SQLException("connection lost", "08006"))
                        .transaction("complete 2 jobs", failing(runs)))
                .hasMessage("JDBC backend could not complete 2 jobs on h2: SQLState 08006: connection lost");
        assertThat(runs).hasValue(1);
        assertThat(commits).hasValue(1);
    }

    @Test
    void aConnectionLostTwice_isReportedAfterTheSecondRun() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction(
                        "do it",
                        failing(
                                runs,
                                new SQLException("connection lost", "08006"),
                                new SQLException("connection lost again", "08006"))))
                .hasMessage("JDBC backend could not do it on h2: SQLState 08006: connection lost again");
        assertThat(runs).hasValue(2);
    }

    @Test
    void anyOtherFailure_isReportedAfterOneRun() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.transaction("do it", failing(runs, new SQLException("duplicate key", "23505"))))
                .hasMessage("JDBC backend could not do it on h2: SQLState 23505: duplicate key");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aThreadInterruptedMeanwhile_reportsTheDeadlockAtOnce_andKeepsItsInterrupt() {
        AtomicInteger runs = new AtomicInteger();
        try {
            assertThatThrownBy(() -> db.transaction("do it", c -> {
                        runs.incrementAndGet();
                        Thread.currentThread().interrupt(); // a worker stopping now
                        throw deadlock();
                    }))
                    .hasMessageContaining("SQLState 40001");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(runs).hasValue(1);
    }
}
