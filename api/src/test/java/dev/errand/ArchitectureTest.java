package dev.errand;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The api module's packages form a stack, from the values every side shares up to the client
 * facade, and the module knows nothing of the modules built on it.
 */
class ArchitectureTest {
    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.errand");

    @Test
    void packagesFormAStack_fromJobValuesUpToTheClient() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("client")
                .definedBy("dev.errand")
                .layer("worker")
                .definedBy("dev.errand.worker..")
                .layer("spi")
                .definedBy("dev.errand.spi..")
                .layer("codec")
                .definedBy("dev.errand.codec..")
                .layer("config")
                .definedBy("dev.errand.config..")
                .layer("job")
                .definedBy("dev.errand.job..")
                .layer("testing")
                .definedBy("dev.errand.testing..")
                .whereLayer("client")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("worker")
                .mayOnlyBeAccessedByLayers("client")
                .whereLayer("spi")
                .mayOnlyBeAccessedByLayers("worker", "client")
                .whereLayer("codec")
                .mayOnlyBeAccessedByLayers("spi", "worker", "client")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("spi", "codec", "worker", "client")
                .whereLayer("job")
                .mayOnlyBeAccessedByLayers("config", "spi", "codec", "worker", "client")
                .whereLayer("testing")
                .mayNotBeAccessedByAnyLayer()
                .check(API);
    }

    @Test
    void apiNeverNamesAModuleBuiltOnIt() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.errand.backend..",
                        "dev.errand.cli..",
                        "dev.errand.manager..",
                        "dev.errand.report..",
                        "dev.errand.testkit..",
                        "dev.errand.micrometer..",
                        "dev.errand.opentelemetry..",
                        "dev.errand.spring..")
                .because("backends, the command line, the manager, the report and the integrations build on api, "
                        + "never the other way")
                .check(API);
    }

    /** Configuration keys of other modules are declared by those modules; api's code names only its own. */
    @Test
    void apiCodeNamesOnlyItsOwnConfigurationKeys() throws IOException {
        Set<String> ownPrefixes =
                Set.of("backend", "client", "payload", "timing", "worker", "maintenance", "config", "properties");
        Pattern key = Pattern.compile("\"errand\\.([a-zA-Z]+)");
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(withoutComments(Files.readString(source)));
                while (m.find()) {
                    if (!ownPrefixes.contains(m.group(1))) {
                        foreign.add(source.getFileName() + ": errand." + m.group(1) + ".*");
                    }
                }
            }
        }
        assertThat(foreign)
                .as("keys of downstream modules named in api's code; declare them in their module")
                .isEmpty();
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }
}
