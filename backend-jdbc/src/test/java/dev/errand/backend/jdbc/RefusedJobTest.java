package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.spi.NewJob;
import dev.errand.testkit.NewJobs;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new job that a constraint or unique index of the user's refuses fails its enqueue with the database's reason, named,
 * and without the job's payload; nothing of the batch is stored. Neither MySQL's insert that skips a held unique key
 * (which skips a row that breaks any unique index) nor H2's (which reads any integrity violation as a held key) may
 * leave such a job out unseen, or report it as a key held and freed again and again.
 */
class RefusedJobTest {
    /** Each database with a unique index of the user's over the column that tells the jobs apart. */
    enum Database {
        H2("fingerprint"),
        MARIADB("payload(60)"),
        POSTGRESQL("payload");

        final String indexed;

        Database(String indexed) {
            this.indexed = indexed;
        }

        String url() {
            return switch (this) {
                case H2 -> "jdbc:h2:mem:refused;DB_CLOSE_DELAY=-1";
                case MARIADB -> MariaDbServer.shared().newDatabase("refused", "");
                case POSTGRESQL -> PostgresServer.shared().newDatabase("refused");
            };
        }

        JdbcSettings settings(String url) {
            return switch (this) {
                case H2 -> TestDatabases.settings(url, null, null);
                case MARIADB -> TestDatabases.settings(url, MariaDbServer.USER, null);
                case POSTGRESQL -> TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD);
            };
        }
    }

    private record Store(JdbcSettings settings, HikariDataSource pool, JdbcBackend backend) {}

    private static final Map<Database, Store> STORES = new EnumMap<>(Database.class);

    @AfterAll
    static void close() {
        for (Store store : STORES.values()) {
            store.backend.close();
            store.pool.close();
        }
    }

    /** An empty store on the database: no job, and no constraint or index of the user's. */
    private static Store store(Database database) {
        Store store = STORES.computeIfAbsent(database, d -> {
            JdbcSettings settings = d.settings(d.url());
            HikariDataSource pool = TestDatabases.poolWithSchema(settings);
            return new Store(settings, pool, new JdbcBackend(settings, pool, Clock.systemUTC()));
        });
        TestDatabases.empty(store.pool, store.settings);
        return store;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    void jobsWithoutAKey_oneBreakingAUniqueIndexOfTheUsers_failTheBatch_namingTheIndexWithoutThePayload(
            Database database) {
        Store store = store(database);
        withUniqueIndex(store, database, () -> {
            for (int size : new int[] {2, 10, 150}) {
                List<NewJob> jobs = secretJobs(size, null);
                jobs.add(jobs.get(0)); // a second job of the same values: another id, the same index entry
                assertRefused(store, jobs, "indexed_by_user");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    void aJobWithAKey_breakingAUniqueIndexOfTheUsers_failsNamingTheIndex_notAsAKeyHeldAndFreed(Database database) {
        Store store = store(database);
        withUniqueIndex(store, database, () -> {
            List<NewJob> jobs = secretJobs(10, null);
            NewJob first = jobs.get(0);
            jobs.add(NewJobs.at(first.enqueuedAt())
                    .name(first.name())
                    .queue(first.queue())
                    .fingerprint(first.fingerprint())
                    .payload(first.payload())
                    .uniqueKey("k")
                    .build());
            assertRefused(store, jobs, "indexed_by_user");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    void aJobWithAKey_refusedByACheckOfTheUsers_failsNamingTheCheck_notAsAKeyHeldAndFreed(Database database) {
        Store store = store(database);
        String jobsTable = store.settings.tables().jobs();
        TestDatabases.execute(
                store.pool, "ALTER TABLE " + jobsTable + " ADD CONSTRAINT checked_by_user CHECK (name <> 'refused')");
        try {
            assertRefused(store, secretJobs(1, "k"), "checked_by_user");
            List<NewJob> jobs = secretJobs(5, null);
            jobs.addAll(secretJobs(1, "k"));
            assertRefused(store, jobs, "checked_by_user");
        } finally {
            TestDatabases.execute(store.pool, "ALTER TABLE " + jobsTable + " DROP CONSTRAINT checked_by_user");
        }
        assertThat(store.backend.enqueue(secretJobs(3, "k2"))).hasSize(3);
    }

    private static void withUniqueIndex(Store store, Database database, Runnable test) {
        String jobsTable = store.settings.tables().jobs();
        TestDatabases.execute(
                store.pool, "CREATE UNIQUE INDEX indexed_by_user ON " + jobsTable + " (" + database.indexed + ")");
        try {
            test.run();
        } finally {
            TestDatabases.execute(
                    store.pool,
                    database == Database.MARIADB
                            ? "DROP INDEX indexed_by_user ON " + jobsTable
                            : "DROP INDEX indexed_by_user");
        }
        assertThat(store.backend.enqueue(secretJobs(3, null)))
                .as("a batch of the store, without the index")
                .hasSize(3);
    }

    private static void assertRefused(Store store, List<NewJob> jobs, String named) {
        Throwable failure = catchThrowable(() -> store.backend.enqueue(jobs));

        assertThat(failure)
                .as("the enqueue of %d jobs", jobs.size())
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("could not enqueue " + jobs.size() + " jobs")
                .hasMessageContaining("SQLState 23")
                .hasMessageNotContaining("held and freed");
        assertThat(failure.getMessage().toLowerCase()).contains(named);
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed)); // causes and suppressed ones too, as a log shows them
        assertThat(printed.toString()).doesNotContain("secret").doesNotContain("736563726574");
        assertThat(TestDatabases.firstValue(
                        store.pool,
                        "SELECT count(*) FROM " + store.settings.tables().jobs()))
                .as("jobs stored")
                .isEqualTo("0");
    }

    /** Jobs told apart by their fingerprints and payloads, which hold a secret; the last is named "refused". */
    private static List<NewJob> secretJobs(int n, String uniqueKey) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = Long.toHexString(System.nanoTime()) + "-" + i;
            NewJobs job = NewJobs.at(Instant.now())
                    .queue("q")
                    .name(i == n - 1 ? "refused" : "n")
                    .fingerprint("f" + id)
                    .payload("[\"secret-" + id + "\"]");
            if (uniqueKey != null) {
                job.uniqueKey(uniqueKey + "-" + id);
            }
            jobs.add(job.build());
        }
        return jobs;
    }
}
