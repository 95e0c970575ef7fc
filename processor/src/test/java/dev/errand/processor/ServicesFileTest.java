package dev.errand.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code META-INF/services/dev.errand.spi.JobDispatcher} file the worker finds dispatchers with. */
class ServicesFileTest {
    private static final String SERVICES = "META-INF/services/dev.errand.spi.JobDispatcher";

    @Test
    void twoClasses_yieldOneSortedServicesFile() throws IOException {
        Compilation compilation = Scenarios.compile(
                "com/example/Reports",
                "com/example/MailService",
                "com/example/BookmarkService",
                "com/example/Summary",
                "com/example/Category");

        assertThat(compilation).succeededWithoutWarnings();
        JavaFileObject services = compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, SERVICES)
                .orElseThrow();
        assertThat(services.getCharContent(true).toString()).isEqualTo("""
                com.example.BookmarkServiceDispatcher
                com.example.MailServiceDispatcher
                com.example.Reports_DailyDispatcher
                """);
    }

    @Test
    void classWithErrors_isNeitherGeneratedNorRegistered_butTheOthersAre(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));

        List<Diagnostic<? extends JavaFileObject>> diagnostics =
                JavacRun.compileInto(dir, classes, "com/example/MailService", "com/example/JobOnStaticMethod");

        assertThat(diagnostics)
                .extracting(d -> d.getMessage(Locale.ROOT))
                .singleElement()
                .asString()
                .startsWith("[JobStatic]");
        assertThat(dir.resolve("generated/com/example/MailServiceJobs.java")).exists();
        assertThat(dir.resolve("generated/com/example/JobOnStaticMethodJobs.java"))
                .doesNotExist();
        assertThat(Files.readString(classes.resolve(SERVICES))).isEqualTo("com.example.MailServiceDispatcher\n");
    }

    @Test
    void existingServicesFile_keepsItsEntries(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path services = classes.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        // as left by an earlier build whose other classes are not recompiled now
        Files.writeString(
                services, "# generated earlier\ncom.example.ZebraDispatcher\ncom.example.AardvarkDispatcher\n");

        List<Diagnostic<? extends JavaFileObject>> diagnostics =
                JavacRun.compileInto(dir, classes, "com/example/MailService");

        assertThat(diagnostics).isEmpty();
        assertThat(Files.readString(services)).isEqualTo("""
                com.example.AardvarkDispatcher
                com.example.MailServiceDispatcher
                com.example.ZebraDispatcher
                """);
    }

    @Test
    void incrementalBuild_addsTheRecompiledClassOnlyOnce(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));

        assertThat(JavacRun.compileInto(dir, classes, "com/example/MailService"))
                .isEmpty();
        assertThat(JavacRun.compileInto(dir, classes, "com/example/Reports")).isEmpty();
        assertThat(JavacRun.compileInto(dir, classes, "com/example/MailService"))
                .isEmpty();

        assertThat(Files.readString(classes.resolve(SERVICES))).isEqualTo("""
                com.example.MailServiceDispatcher
                com.example.Reports_DailyDispatcher
                """);
    }

    @Test
    void unwritableServicesFile_isAnError(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.createDirectories(classes.resolve(SERVICES)); // a directory where the file belongs

        List<Diagnostic<? extends JavaFileObject>> diagnostics =
                JavacRun.compileInto(dir, classes, "com/example/MailService");

        assertThat(diagnostics)
                .extracting(d -> d.getMessage(Locale.ROOT))
                .anySatisfy(message -> assertThat(message)
                        .startsWith("[JobServiceFile] could not write " + SERVICES
                                + " with [com.example.MailServiceDispatcher]")
                        .endsWith("make sure the class output directory is writable and " + SERVICES
                                + " is not a directory"));
    }
}
