package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobHeaders;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testkit.FaultProxy;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * PostgreSQL copies a batch of 100 jobs or more without unique keys in ({@code COPY ... FROM STDIN}) and inserts any
 * other batch from arrays. Both store every field alike, including the characters the copy format reserves; the copy
 * fires the trigger that wakes idle workers elsewhere; a copy that fails fails the enqueue and stores nothing.
 */
class PostgresBatchInsertTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final String ODD = "tab\t back\\slash newline\n return\r dot\\. é ✓ 𝄞 '\"";

    private static JdbcSettings settings;
    private static HikariDataSource pool;
    private static JdbcBackend backend;

    @BeforeAll
    static void schema() {
        settings = TestDatabases.postgres("batchinsert", JdbcSettings.POLL_INTERVAL, "5m");
        pool = TestDatabases.poolWithSchema(settings);
        backend = new JdbcBackend(settings, pool, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        backend.close();
        pool.close();
    }

    @BeforeEach
    void empty() {
        TestDatabases.empty(pool, settings);
    }

    @Test
    void aCopiedBatch_storesEveryFieldAsTheArrayInsertDoes_andAsGiven() throws Exception {
        List<NewJob> jobs = oddJobs(150, "odd");

        List<String> copied = new ArrayList<>();
        List<EnqueueResult> viaCopy = enqueueOn(jobs, copied, true);
        List<String> inserted = new ArrayList<>();
        List<EnqueueResult> viaArrays = enqueueOn(jobs, inserted, false);

        assertThat(copied).as("statements prepared for the copy").noneMatch(sql -> sql.contains("unnest"));
        assertThat(inserted)
                .as("statements prepared without the driver's connection")
                .anyMatch(sql -> sql.contains("unnest"));
        for (int i = 0; i < jobs.size(); i++) {
            List<Object> fromCopy = stored(viaCopy.get(i));
            assertThat(fromCopy).as("job %d, copied and inserted", i).isEqualTo(stored(viaArrays.get(i)));
            NewJob job = jobs.get(i);
            assertThat(fromCopy)
                    .as("job %d as given", i)
                    .containsExactly(
                            job.name(),
                            job.queue(),
                            job.priority(),
                            "AVAILABLE",
                            0,
                            job.maxAttempts(),
                            job.timeout().toMillis(),
                            Micros.of(job.enqueuedAt()),
                            Micros.of(job.runAt()),
                            null,
                            job.fingerprint(),
                            List.of(toObjects(job.payload())),
                            job.headers().isEmpty() ? null : job.headers().encode(),
                            false);
        }
        List<ClaimedJob> claimed = backend.claim(Set.of("odd\t\\\n"), 300, "w", Duration.ofSeconds(30));
        long dueOnThatQueue = jobs.stream()
                .filter(j -> j.queue().equals("odd\t\\\n") && !j.isScheduledAt(NOW))
                .count();
        assertThat(claimed).hasSize((int) (2 * dueOnThatQueue));
        for (ClaimedJob job : claimed) {
            NewJob given =
                    jobs.get(Integer.parseInt(job.name().substring(job.name().lastIndexOf('#') + 1)));
            assertThat(job.payload()).isEqualTo(given.payload());
            assertThat(job.headers()).isEqualTo(given.headers());
        }
    }

    @Test
    void aBatchWithAUniqueKey_goesInFromArrays_andLeavesOutTheHeldKey() throws Exception {
        EnqueueResult holder = backend.enqueue(
                        List.of(NewJobs.at(NOW).name("Tck.keyed").uniqueKey("k").build()))
                .get(0);
        List<NewJob> jobs = new ArrayList<>(oddJobs(149, "keyed"));
        jobs.add(70, NewJobs.at(NOW).name("Tck.keyed").uniqueKey("k").build());

        List<String> prepared = new ArrayList<>();
        List<EnqueueResult> results = enqueueOn(jobs, prepared, true);

        assertThat(prepared).anyMatch(sql -> sql.contains("unnest"));
        assertThat(results.get(70)).isEqualTo(new EnqueueResult(holder.id(), true));
        assertThat(results).filteredOn(EnqueueResult::duplicate).hasSize(1);
        assertThat(count()).isEqualTo(150);
    }

    @Test
    void aBatchOfFewerThan100_goesInFromArrays_andOneOf100IsCopied() throws Exception {
        List<String> fewer = new ArrayList<>();
        enqueueOn(oddJobs(99, "few"), fewer, true);
        List<String> hundred = new ArrayList<>();
        enqueueOn(oddJobs(100, "hundred"), hundred, true);

        assertThat(fewer).anyMatch(sql -> sql.contains("unnest"));
        assertThat(hundred).noneMatch(sql -> sql.contains("unnest"));
        assertThat(count()).isEqualTo(199);
    }

    /** With polls five minutes apart, only the insert trigger's notification wakes a worker of another backend. */
    @Test
    void aCopiedBatch_wakesAnIdleWorkerOfAnotherProcess() throws Exception {
        try (JdbcBackend other = new JdbcBackend(settings, pool, Clock.systemUTC())) {
            // Listening first: a backend listens from its first wait, polls until the session is open, and wakes its
            // waiters once it is.
            other.awaitWork(Set.of("wake"), Duration.ofMillis(1));
            await("the other backend listens")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> other.listeningSinceForTests() > 0);
            CompletableFuture<Void> woken = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    other.awaitWork(Set.of("wake"), Duration.ofMinutes(1));
                    woken.complete(null);
                } catch (InterruptedException e) {
                    woken.completeExceptionally(e);
                }
            });
            waiter.start();
            // It found nothing due and waits: only a notification wakes it now.
            await("the waiter parks")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
            assertThat(woken).isNotDone();
            List<NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                jobs.add(NewJobs.at(Instant.now()).queue("wake").build());
            }
            List<String> prepared = new ArrayList<>();
            enqueueOn(jobs, prepared, true);
            assertThat(prepared).noneMatch(sql -> sql.contains("unnest"));

            woken.get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * A batch commits by itself; when its connection is lost after the commit (here while the server still ran a
     * statement trigger, which then finished and committed), it is sent once more with the same ids, conflicts with
     * itself, and is reported stored: once, not twice, not as failed.
     */
    @Test
    void aCopiedBatchWhoseConnectionIsLostAfterItCommitted_isStoredOnce_andReportedStored() throws Exception {
        String jobsTable = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                "CREATE FUNCTION slow_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF (SELECT count(*) FROM copied) >= 150 THEN PERFORM pg_sleep(2); END IF;"
                        + " RETURN NULL; END $$",
                "CREATE TRIGGER slow_copy AFTER INSERT ON " + jobsTable + " REFERENCING NEW TABLE AS copied"
                        + " FOR EACH STATEMENT EXECUTE FUNCTION slow_copy()");
        int port = PostgresServer.shared().port();
        try (FaultProxy proxy = FaultProxy.to("db", port);
                JdbcBackend proxied = new JdbcBackend(new BackendContext(
                        ErrandConfig.of(
                                Map.of(
                                        JdbcSettings.URL,
                                        settings.url().replace("127.0.0.1:" + port, "127.0.0.1:" + proxy.port()),
                                        JdbcSettings.USERNAME,
                                        PostgresServer.USER,
                                        JdbcSettings.PASSWORD,
                                        PostgresServer.PASSWORD),
                                "test"),
                        Clock.systemUTC()))) {
            CompletableFuture<Void> cut = CompletableFuture.runAsync(() -> {
                await("the copy's statement trigger sleeps")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> "1"
                                .equals(TestDatabases.firstValue(
                                        pool,
                                        "SELECT count(*) FROM pg_stat_activity"
                                                + " WHERE wait_event = 'PgSleep' AND datname = current_database()")));
                proxy.cutAll();
            });

            List<EnqueueResult> results = proxied.enqueue(oddJobs(150, "lost"));

            cut.get(30, TimeUnit.SECONDS);
            assertThat(proxy.resets()).as("connections cut").isPositive();
            assertThat(results).hasSize(150).noneMatch(EnqueueResult::duplicate);
            assertThat(count()).isEqualTo(150);
            for (EnqueueResult result : results) {
                stored(result); // each id names a stored job
            }
        } finally {
            TestDatabases.execute(pool, "DROP TRIGGER slow_copy ON " + jobsTable, "DROP FUNCTION slow_copy()");
        }
    }

    /** A copy of jobs submitted for their outcome marks them awaited, so their end is announced. */
    @Test
    void aCopiedBatchSubmittedForItsOutcome_isAwaited() throws Exception {
        List<EnqueueResult> results = backend.submit(oddJobs(150, "submitted"));

        for (EnqueueResult result : results) {
            assertThat(TestDatabases.firstValue(
                            pool,
                            "SELECT awaited FROM " + settings.tables().jobs() + " WHERE id = "
                                    + Long.parseLong(result.id().value())))
                    .as("job %s", result.id())
                    .isEqualTo("t");
        }
    }

    @Test
    void aCopyInTheCallersTransaction_isGoneWithItsRollback() throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            assertThat(backend.enqueue(c, oddJobs(150, "rolledback"))).hasSize(150);
            c.rollback();
        }
        assertThat(count()).isZero();
    }

    /**
     * A job the database refuses: PostgreSQL's detail quotes its whole row, payload included, and a copy's context the
     * start of it. The error names the job and the constraint instead, whichever way the batch went in, and nothing is
     * stored.
     */
    @Test
    void aRefusedJob_failsTheEnqueue_namingItButNotItsData_storesNothing_andLeavesThePoolUsable() {
        String jobsTable = settings.tables().jobs();
        TestDatabases.execute(pool, "ALTER TABLE " + jobsTable + " ADD CONSTRAINT refuse CHECK (name <> 'refused')");
        try {
            assertRefusedWithoutItsData(
                    secretJobs(150, 120, "refused"),
                    "SQLState 23514",
                    "constraint refuse",
                    "number 121 of the 150 copied in");
            assertRefusedWithoutItsData(secretJobs(10, 7, "refused"), "SQLState 23514", "constraint refuse");
            assertRefusedWithoutItsData(secretJobs(1, 0, "refused"), "SQLState 23514", "constraint refuse");
        } finally {
            TestDatabases.execute(pool, "ALTER TABLE " + jobsTable + " DROP CONSTRAINT refuse");
        }
        assertThat(backend.enqueue(oddJobs(150, "fails"))).hasSize(150);
        assertThat(count()).isEqualTo(150);
    }

    /** A unique index of the user's: the detail would quote the payload the two jobs share. */
    @Test
    void aJobThatBreaksAUniqueIndexOfTheUsers_isNamed_butItsPayloadIsNot() {
        String jobsTable = settings.tables().jobs();
        TestDatabases.execute(pool, "CREATE UNIQUE INDEX once ON " + jobsTable + " (payload) WHERE name = 'twice'");
        try {
            List<NewJob> jobs = secretJobs(150, 30, "twice");
            jobs.set(140, jobs.get(30));
            assertRefusedWithoutItsData(jobs, "SQLState 23505", "constraint once", "number 141 of the 150 copied in");
        } finally {
            TestDatabases.execute(pool, "DROP INDEX once");
        }
    }

    private static void assertRefusedWithoutItsData(List<NewJob> jobs, String... told) {
        Throwable failure = catchThrowable(() -> backend.enqueue(jobs));

        assertThat(failure)
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining(jobs.size() == 1 ? "1 job" : jobs.size() + " jobs");
        for (String part : told) {
            assertThat(failure).hasMessageContaining(part);
        }
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed)); // causes and suppressed ones too, as a log shows them
        assertThat(printed.toString()).doesNotContain("secret").doesNotContain("5b22");
        assertThat(count()).isZero();
    }

    /** Short fields, so that the first 100 bytes of a row, which PostgreSQL quotes, reach its payload. */
    private static List<NewJob> secretJobs(int n, int odd, String oddName) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(NewJobs.at(NOW)
                    .queue("f")
                    .name(i == odd ? oddName : "n")
                    .fingerprint("f")
                    .payload("[\"secret-" + i + "\"]")
                    .build());
        }
        return jobs;
    }

    /** Jobs with the values the copy format must escape, and the extremes of each column. */
    private static List<NewJob> oddJobs(int n, String queue) {
        byte[] everyByte = new byte[256];
        for (int b = 0; b < 256; b++) {
            everyByte[b] = (byte) b;
        }
        int[] priorities = {0, Integer.MIN_VALUE, Integer.MAX_VALUE, -5};
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewJobs job = NewJobs.at(NOW.minusSeconds(i))
                    .name((i % 3 == 0 ? ODD : "Tck.job") + " #" + i)
                    .queue(i % 2 == 0 ? queue : "odd\t\\\n")
                    .priority(priorities[i % priorities.length])
                    .maxAttempts(1 + i % 7)
                    .fingerprint(i % 5 == 0 ? "\\." : "f" + i)
                    .payload(
                            i % 4 == 0
                                    ? everyByte
                                    : i % 4 == 1 ? new byte[0] : ("[" + i + ",\"\\\\.\\t\"]").getBytes());
            if (i % 6 == 0) {
                job.headers(JobHeaders.of(Map.of("traceparent", "00-" + i + "-01", "back", "\\slash\\")));
            }
            if (i % 10 == 9) {
                job.runAt(NOW.plus(Duration.ofDays(1)));
            }
            jobs.add(job.build());
        }
        return jobs;
    }

    /**
     * Enqueues on a connection of the pool that records the statements prepared on it, committed; without
     * {@code driverVisible} the connection does not let on that it is the PostgreSQL driver's, as another pool's or a
     * framework's proxy might not.
     */
    private static List<EnqueueResult> enqueueOn(List<NewJob> jobs, List<String> prepared, boolean driverVisible)
            throws SQLException {
        try (Connection real = pool.getConnection()) {
            real.setAutoCommit(false);
            Connection c = (Connection) Proxy.newProxyInstance(
                    PostgresBatchInsertTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                        if (m.getName().equals("prepareStatement")) {
                            prepared.add((String) a[0]);
                        }
                        if (!driverVisible && m.getName().equals("isWrapperFor") && a[0] == PGConnection.class) {
                            return false;
                        }
                        try {
                            return m.invoke(real, a);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            List<EnqueueResult> results = backend.enqueue(c, jobs);
            real.commit();
            return results;
        }
    }

    /** The job's stored columns but its id, payload bytes as a list. */
    private static List<Object> stored(EnqueueResult result) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name, queue, priority, state, attempt, max_attempts,"
                        + " timeout_ms, enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited FROM "
                        + settings.tables().jobs() + " WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(result.id().value()));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("job %s is stored", result.id()).isTrue();
                ResultSetMetaData meta = rs.getMetaData();
                List<Object> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    columns.add(value instanceof byte[] bytes ? List.of(toObjects(bytes)) : value);
                }
                return columns;
            }
        }
    }

    private static Object[] toObjects(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        Arrays.setAll(boxed, i -> bytes[i]);
        return boxed;
    }

    private static long count() {
        return Long.parseLong(TestDatabases.firstValue(
                pool, "SELECT count(*) FROM " + settings.tables().jobs()));
    }
}
