package dev.errand.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Recurring}: its value travels in the generated definition; each mistake is an error on the element. */
class RecurringProcessorTest {

    @Test
    void recurringJob_hasItsScheduleInTheGeneratedDefinition() {
        Compilation compilation = Scenarios.compile("com/example/NightlyJobs");

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Scenarios.generatedSource(compilation, "com.example.NightlyJobsJobs"))
                .contains(".recurring(\"\", \"0 0 2 * * *\", \"Europe/Berlin\", MissedRuns.RUN_EACH, 3)");
    }

    @Test
    void parameters_areAnErrorOnTheFirstParameter() {
        JavaFileObject source = Scenarios.source("com/example/RecurringWithParameters");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[RecurringParameters] @Recurring method nightlyReport(java.lang.String recipient) "
                        + "has parameters, but a recurring job runs without arguments; remove them, or schedule a call "
                        + "with arguments at run time with errand.recurring(name, cron, call)")
                .inFile(source)
                .onLineContaining("public void nightlyReport(String recipient)");
    }

    @Test
    void unparseableCron_isAnErrorOnTheValue() {
        JavaFileObject source = Scenarios.source("com/example/RecurringWithBadCron");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[RecurringCron] @Recurring(cron = \"0 0 25 * * *\") on nightlyReport(): cron "
                        + "expression \"0 0 25 * * *\" is not valid")
                .inFile(source)
                .onLineContaining("@Recurring(cron = \"0 0 25 * * *\")");
    }

    @Test
    void unknownZone_isAnErrorOnTheValue() {
        JavaFileObject source = Scenarios.source("com/example/RecurringWithUnknownZone");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining(
                        "[RecurringZone] @Recurring(zone = \"Europe/Atlantis\") on nightlyReport(): unknown "
                                + "time zone \"Europe/Atlantis\": use an IANA zone name such as Europe/Berlin")
                .inFile(source)
                .onLineContaining("zone = \"Europe/Atlantis\"");
    }

    @Test
    void recurringWithoutJob_isAnErrorOnTheMethod() {
        JavaFileObject source = Scenarios.source("com/example/RecurringWithoutJob");
        Compilation compilation = Scenarios.compile(source);

        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation)
                .hadErrorContaining("[RecurringWithoutJob] @Recurring method nightlyReport has no @Job, so no worker "
                        + "can run it; add @Job")
                .inFile(source)
                .onLineContaining("public void nightlyReport()");
    }
}
