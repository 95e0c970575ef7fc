package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL statements that find jobs by key and check their state look the key up, whatever the statistics say:
 * here they were taken while every job was in a state no index names, so each partial index (waiting, running,
 * finished jobs) looks nearly empty while it holds thousands. With the state as a literal, the planner read such an
 * index whole instead (completing one of 50,000 running jobs: 38 ms instead of 0.1). Both the plan made with the
 * parameters and the generic one PostgreSQL caches. Asserts plans, never timing.
 */
class KeyedStatementPlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;
    private static PostgresDialect dialect;
    private static String jobs;

    @BeforeAll
    static void fillWithStatisticsThatSawNoState() {
        settings = TestDatabases.postgres("keyed_statement_plan");
        pool = TestDatabases.poolWithSchema(settings);
        dialect = new PostgresDialect(settings.tables());
        jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)",
                TestDatabases.insertJobs(jobs, 20000, "UNSEEN", 1, false),
                "ANALYZE " + jobs,
                "UPDATE " + jobs + " SET state = 'AVAILABLE' WHERE id <= 4000",
                "UPDATE " + jobs + " SET state = 'RUNNING', lease_owner = 'w1', lease_expires_at = id"
                        + " WHERE id BETWEEN 4001 AND 10000",
                "UPDATE " + jobs + " SET state = 'SUCCEEDED', finished_at = id WHERE id BETWEEN 10001 AND 16000",
                "UPDATE " + jobs + " SET state = 'DEAD', finished_at = id WHERE id BETWEEN 16001 AND 18000",
                "UPDATE " + jobs + " SET state = 'CANCELLED', finished_at = id WHERE id > 18000");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private record Keyed(String sql, String types, String args) {}

    private static final String LEASE = "5000, 'w1', 1";

    private static Keyed keyed(String name) {
        return switch (name) {
            case "complete" -> new Keyed(dialect.complete(), "bigint, bigint, text, int", "9, " + LEASE);
            case "release" -> new Keyed(dialect.release(), "bigint, text, int", LEASE);
            case "retry" -> new Keyed(dialect.retry(), "bigint, bigint, text, int", "9, " + LEASE);
            case "kill" -> new Keyed(dialect.kill(), "bigint, bigint, text, int", "9, " + LEASE);
            case "cancel" -> new Keyed(dialect.cancel(), "bigint, bigint", "9, 100");
            case "retryJob" -> new Keyed(dialect.retryJob(), "bigint, bigint", "9, 17000");
            case "finishedAmong" -> new Keyed(dialect.finishedAmong(), "bigint[]", "'{10001,17000,19000,5}'");
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Arguments> statementsAndPlans() {
        return Stream.of("complete", "release", "retry", "kill", "cancel", "retryJob", "finishedAmong")
                .flatMap(name ->
                        Stream.of("force_custom_plan", "force_generic_plan").map(mode -> Arguments.of(name, mode)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("statementsAndPlans")
    void aStatementThatFindsJobsByKey_looksTheKeyUp(String name, String mode) throws SQLException {
        Keyed keyed = keyed(name);
        String plan = TestDatabases.explainPrepared(pool, keyed.sql(), keyed.types(), keyed.args(), mode);
        assertThat(plan)
                .as(plan)
                .contains(jobs + "_pkey")
                .doesNotContain("Seq Scan on " + jobs + " ")
                .doesNotContain(jobs + "_claim")
                .doesNotContain(jobs + "_due")
                .doesNotContain(jobs + "_leases")
                .doesNotContain(jobs + "_list_")
                .doesNotContain(jobs + "_retention");
    }

    /** What the test above guards against: the same statements with the state as a constant read a partial index. */
    @ParameterizedTest(name = "{0} with the constant")
    @ValueSource(strings = {"complete", "release", "retry", "kill", "cancel", "retryJob", "finishedAmong"})
    void withTheStateAsAConstant_thePlannerReadsAPartialIndex(String name) throws SQLException {
        Keyed keyed = keyed(name);
        String constants = keyed.sql().replaceAll("\\(SELECT ('[A-Z]+')\\)", "$1");
        assertThat(constants).doesNotContain("SELECT '");
        String plan = TestDatabases.explainPrepared(pool, constants, keyed.types(), keyed.args(), "force_generic_plan");
        assertThat(plan).as(plan).containsPattern(jobs + "_(leases|claim|due|list_\\w+)");
    }
}
