package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.Job;
import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@link Arg} shape both ways with real Perl TheSchwartz on SQLite: what a Perl worker's {@code $job->arg} is for
 * a Java enqueue, and how a Perl insert binds to a Java method; a shape that does not fit ends the job dead, naming the
 * job, the parameter and the shape expected. Also {@link TheSchwartzFunction#name()}: a job under another function name.
 */
class SqliteArgShapesTest {
    @TempDir
    Path dir;

    private Errand errand;
    private Perl perl;
    private Path client;
    private Path workerScript;

    @BeforeEach
    void open() throws Exception {
        errand = TheSchwartzSchema.sqliteErrand(dir);
        perl = new Perl("", "");
        client = Perl.script(dir, "ts_client.pl");
        workerScript = Perl.script(dir, "ts_worker.pl");
        Shapes.runs.clear();
    }

    @AfterEach
    void close() {
        errand.close();
    }

    private String dsn() {
        return "dbi:SQLite:dbname=" + dir.resolve("ts.db");
    }

    /** What a Perl worker of {@code funcname} sees as {@code $job->arg} (ts_worker.pl's tagged JSON), one per job. */
    private List<String> perlSees(String funcname, String mode) throws Exception {
        Path out = dir.resolve(funcname.replace(':', '_') + "." + mode);
        perl.run(workerScript, dsn(), out.toString(), mode, funcname);
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** Runs a job a Perl client inserted into {@code funcname} with arg {@code perlExpression} on a Java worker. */
    private JobInfo javaRuns(String funcname, String perlExpression) throws Exception {
        JobId id = JobId.of(
                perl.run(client, dsn(), "insert", funcname, perlExpression).strip());
        try (Worker w = errand.worker().register(new Shapes()).start()) {
            return errand.awaitFinished(id, Duration.ofSeconds(30));
        }
    }

    @Test
    void hash_isAHashByParameterName_evenForOneString_bothWays() throws Exception {
        new PerlShapesJobs(errand).hash("caf\u00e9").enqueue();
        assertThat(perlSees("shapes::Hash", "dumpfn")).containsExactly("{\"name\":\"chars:caf\u00e9\"}");

        assertThat(javaRuns("shapes::InHash", "{ name => 'x' }").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Shapes.runs).containsExactly(List.of("hash", "x"));
    }

    @Test
    void hash_refusesAnArray_deadNamingTheJobTheParameterAndTheShape() throws Exception {
        JobInfo info = javaRuns("shapes::InHash", "['x']");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.errors())
                .as("not retried: a bad payload does not get better")
                .hasSize(1);
        assertThat(info.lastError().orElseThrow().message())
                .contains("arg of job shapes::InHash is an array of 1")
                .contains("@TheSchwartzFunction(arg = HASH)")
                .contains("takes a hash keyed by parameter name: parameter 'name'");
        assertThat(Shapes.runs).isEmpty();
    }

    @Test
    void array_isAnArrayInParameterOrder_bothWays() throws Exception {
        new PerlShapesJobs(errand).array("x", 1099511627776L).enqueue();
        assertThat(perlSees("shapes::Array", "dumpfn")).containsExactly("[\"bytes:x\",\"bytes:1099511627776\"]");

        assertThat(javaRuns("shapes::InArray", "['y', '3']").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Shapes.runs).containsExactly(List.of("array", "y", 3));
    }

    @Test
    void array_withTooFewItems_isDead_namingTheMissingParameter() throws Exception {
        JobInfo info = javaRuns("shapes::InArray", "['y']");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.lastError().orElseThrow().message())
                .isEqualTo("arg of job shapes::InArray is an array of 1 but shapes::InArray"
                        + " (@TheSchwartzFunction(arg = ARRAY)) takes an array of 2: parameter 'count' (item 1) is"
                        + " missing");
        assertThat(perl.run(client, dsn(), "status", info.id().value()))
                .as("Perl's failure_log reads it")
                .contains("parameter 'count' (item 1) is missing");
    }

    @Test
    void array_refusesAHash() throws Exception {
        JobInfo info = javaRuns("shapes::InArray", "{ name => 'y', count => 3 }");

        assertThat(info.state()).isEqualTo(JobState.DEAD);
        assertThat(info.lastError().orElseThrow().message())
                .contains("is a hash of 2 key(s)")
                .contains("takes an array of 2 in parameter order: parameters 'name', 'count'");
    }

    @Test
    void value_isTheWholeValue_aScalarRefForAScalar_bothWays() throws Exception {
        new PerlShapesJobs(errand).value(7).enqueue();
        assertThat(perlSees("shapes::Value", "dumpfn")).containsExactly("{\"SCALAR\":\"num:7\"}");

        assertThat(javaRuns("shapes::InValue", "{ counts => 5 }").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Shapes.runs)
                .as("the whole hash, though its one key is the parameter's name")
                .containsExactly(List.of("value", Map.of("counts", 5)));
    }

    @Test
    void raw_isPlainBytes_bothWays_andRefusesAReference() throws Exception {
        new PerlShapesJobs(errand)
                .raw("a {b} c".getBytes(StandardCharsets.UTF_8))
                .enqueue();
        assertThat(perlSees("shapes::Raw", "dumpfn")).containsExactly("\"bytes:a {b} c\"");

        assertThat(javaRuns("shapes::InRaw", "'plain text'").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Shapes.runs).containsExactly(List.of("raw", "plain text"));

        JobInfo refused = javaRuns("shapes::InRaw", "{ text => 'x' }");
        assertThat(refused.state()).isEqualTo(JobState.DEAD);
        assertThat(refused.lastError().orElseThrow().message())
                .contains("arg of job shapes::InRaw is a Storable image")
                .contains("takes a plain string in parameter 'text'");
    }

    @Test
    void json_isJsonTextThatPerlDecodes_bothWays() throws Exception {
        new PerlShapesJobs(errand).json("caf\u00e9", 3).enqueue();
        assertThat(perlSees("shapes::Json", "dumpjson"))
                .containsExactly("{\"count\":\"num:3\",\"name\":\"chars:caf\u00e9\"}");

        assertThat(javaRuns("shapes::InJson", "JSON::PP::encode_json({ name => 'z', count => 4 })")
                        .state())
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(Shapes.runs).containsExactly(List.of("json", "z", 4));

        JobInfo notJson = javaRuns("shapes::InJson", "'name=z'");
        assertThat(notJson.state()).isEqualTo(JobState.DEAD);
        assertThat(notJson.lastError().orElseThrow().message()).contains("arg of job shapes::InJson is not JSON text");
    }

    @Test
    void name_mapsAJobToAnotherFunction_bothWays() throws Exception {
        new PerlShapesJobs(errand).hashAgain("second view").enqueue();
        assertThat(perlSees("shapes::Hash", "dumpfn"))
                .as("a Perl worker of shapes::Hash runs the job of shapes.hashAgain")
                .containsExactly("{\"name\":\"bytes:second view\"}");

        List<String> timing = new CopyOnWriteArrayList<>();
        JobId id = JobId.of(perl.run(client, dsn(), "insert", "shapes::Alias", "{ name => 'a' }")
                .strip());
        try (Worker w = errand.worker()
                .register(new Shapes())
                .timingListener(timing::add)
                .start()) {
            JobInfo info = errand.awaitFinished(id, Duration.ofSeconds(30));
            assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(info.name())
                    .as("the Java job's name while a worker serves it")
                    .isEqualTo("shapes.alias");
        }
        assertThat(Shapes.runs).containsExactly(List.of("alias", "a"));
        assertThat(timing).singleElement().asString().contains("fn=shapes.alias id=" + id.value());
    }

    /** Two Java views of one function, both served: a grabbed job of it could be either. */
    public static class TwoViews {
        @Job(name = "shapes.viewA")
        @TheSchwartzFunction(name = "shapes::Shared")
        public void a(String text) {}

        @Job(name = "shapes.viewB")
        @TheSchwartzFunction(name = "shapes::Shared", arg = Arg.HASH)
        public void b(String text) {}
    }

    @Test
    void aWorkerServingTwoJobsOfOneFunction_failsAtRegistration_namingBothMethods() {
        assertThatThrownBy(() -> errand.worker().register(new TwoViews()).start())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("TheSchwartz function shapes::Shared")
                .hasMessageContaining("SqliteArgShapesTest$TwoViews.a (job shapes.viewA)")
                .hasMessageContaining("SqliteArgShapesTest$TwoViews.b (job shapes.viewB)");
    }

    /** Shapes that cannot fit their signatures. */
    public abstract static class Misfits {
        @Job(name = "misfit.value")
        @TheSchwartzFunction(arg = Arg.VALUE)
        public abstract void value(int a, int b);

        @Job(name = "misfit.raw")
        @TheSchwartzFunction(arg = Arg.RAW)
        public abstract void raw(int n);
    }

    @Test
    void aShapeTheSignatureCannotHave_isRefusedAtCallTime_namingTheMethod() {
        SqliteArgShapesTest_MisfitsJobs misfits = new SqliteArgShapesTest_MisfitsJobs(errand);
        assertThatThrownBy(() -> misfits.value(1, 2).enqueue())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessage("@TheSchwartzFunction(arg = VALUE) on dev.errand.backend.theschwartz.SqliteArgShapesTest$"
                        + "Misfits.value needs exactly one parameter, but it takes [a, b]; use HASH or ARRAY");
        assertThatThrownBy(() -> misfits.raw(1).enqueue())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("Misfits.raw needs exactly one String or byte[] parameter, but it takes [int]");
    }
}
