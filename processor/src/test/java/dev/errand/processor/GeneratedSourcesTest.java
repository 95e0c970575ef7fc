package dev.errand.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests: the generated text is compared with checked-in files under {@code src/test/resources/expected}. */
class GeneratedSourcesTest {

    private static Compilation compileBookmarkService() {
        return Scenarios.compile("com/example/BookmarkService", "com/example/Summary", "com/example/Category");
    }

    @Test
    void bookmarkService_compilesWithoutWarnings() {
        assertThat(compileBookmarkService()).succeededWithoutWarnings();
    }

    @Test
    void bookmarkService_stubMatchesGoldenFile() {
        assertThat(Scenarios.generatedSource(compileBookmarkService(), "com.example.BookmarkServiceJobs"))
                .isEqualTo(expected("BookmarkServiceJobs.java"));
    }

    @Test
    void bookmarkService_dispatcherMatchesGoldenFile() {
        assertThat(Scenarios.generatedSource(compileBookmarkService(), "com.example.BookmarkServiceDispatcher"))
                .isEqualTo(expected("BookmarkServiceDispatcher.java"));
    }

    /**
     * The generated text depends only on the annotated class: not on the order javac is given the
     * sources in, nor on the other annotated classes of the same run (a processor that numbered,
     * cached or iterated anything across classes or rounds would differ here).
     */
    @Test
    void generation_dependsOnlyOnTheClass_notOnSourceOrderOrTheOtherClassesOfTheRun() {
        Compilation crowded = Scenarios.compile(
                "com/example/MailService",
                "com/example/Category",
                "com/example/Reports",
                "com/example/Summary",
                "com/example/BookmarkService");
        assertThat(crowded).succeededWithoutWarnings();
        Compilation bookmarkAlone = compileBookmarkService();
        Compilation mailAlone = Scenarios.compile("com/example/MailService");
        for (String name : List.of("BookmarkServiceJobs", "BookmarkServiceDispatcher")) {
            assertThat(Scenarios.generatedSource(crowded, "com.example." + name))
                    .as(name)
                    .isEqualTo(Scenarios.generatedSource(bookmarkAlone, "com.example." + name));
        }
        for (String name : List.of("MailServiceJobs", "MailServiceDispatcher")) {
            assertThat(Scenarios.generatedSource(crowded, "com.example." + name))
                    .as(name)
                    .isEqualTo(Scenarios.generatedSource(mailAlone, "com.example." + name));
        }
    }

    @Test
    void everySupportedType_compilesWithoutWarnings() {
        Compilation compilation = Scenarios.compile("com/example/AllSupportedTypes");

        assertThat(compilation).succeededWithoutWarnings();
        String stub = Scenarios.generatedSource(compilation, "com.example.AllSupportedTypesJobs");
        assertThat(stub)
                .contains("public JobCall<Map<String, List<AllSupportedTypes.Pair<String, Long>>>> nested(")
                .contains(".parameter(\"c\", new TypeRef<List<String>[]>() {}.type())")
                .contains(".parameter(\"b\", String[][].class)")
                .contains("public JobCall<Void> nothing()")
                .contains(".returnType(Void.class)");
    }

    @Test
    void nestedClass_getsUnderscoreJoinedNamesAndDottedJobNames() {
        Compilation compilation = Scenarios.compile("com/example/Reports");

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Scenarios.generatedSource(compilation, "com.example.Reports_DailyJobs"))
                .contains("public final class Reports_DailyJobs {")
                .contains("JobDefinition.<String>builder(\"Reports.Daily.render\", Reports.Daily.class, \"render\")");
        assertThat(Scenarios.generatedSource(compilation, "com.example.Reports_DailyDispatcher"))
                .contains("public final class Reports_DailyDispatcher implements JobDispatcher<Reports.Daily> {");
    }

    @Test
    void overloads_getConstantsFromTheirJobNames_andVarargsStayOneArgument() {
        Compilation compilation = Scenarios.compile("com/example/MailService");

        assertThat(compilation).succeededWithoutWarnings();
        String stub = Scenarios.generatedSource(compilation, "com.example.MailServiceJobs");
        assertThat(stub)
                .contains("public static final JobDefinition<Void> MAIL_SEND = ")
                .contains("public static final JobDefinition<Void> MAIL_SEND_WITH_SUBJECT = ")
                .contains("public static final JobDefinition<Void> FORWARD = ")
                // a parameter named errand must not hide the field
                .contains("return this.errand.newCall(FORWARD, errand, recipients);")
                .contains("public final JobCall<Integer> broadcast(List<String>... groups) {")
                .contains("return errand.newCall(BROADCAST, (Object) groups);");
        assertThat(Scenarios.generatedSource(compilation, "com.example.MailServiceDispatcher"))
                .contains("return target.broadcast((List<String>[]) args[0]);");
    }

    @Test
    void deprecatedJob_isMarkedDeprecatedInTheStub_withoutWarnings() {
        Compilation compilation = Scenarios.compile("com/example/DeprecatedJobs");

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Scenarios.generatedSource(compilation, "com.example.DeprecatedJobsJobs"))
                .contains("@Deprecated\n  public JobCall<Void> legacy(String id)");
    }

    @Test
    void typeGeneratedByAnotherProcessor_isPickedUpInTheNextRound() {
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new LaterReportProcessor(), new JobProcessor())
                .withOptions(Scenarios.OPTIONS)
                .compile(Scenarios.source("com/example/JobUsingGeneratedType"));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Scenarios.generatedSource(compilation, "com.example.JobUsingGeneratedTypeJobs"))
                .contains("public JobCall<LaterReport> archive(LaterReport report)");
    }

    static String expected(String name) {
        try (InputStream in = GeneratedSourcesTest.class.getResourceAsStream("/expected/" + name)) {
            if (in == null) {
                throw new AssertionError("missing golden file src/test/resources/expected/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
