package dev.errand.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rule every backend module keeps: it builds on api's SPI alone and never reaches into
 * another backend, the command line, the worker manager, the report or this test kit.
 */
public final class BackendBoundaries {
    private BackendBoundaries() {}

    /** Fails naming each offending dependency when the backend's main classes break the rule. */
    public static void check(String backendPackage) {
        JavaClasses backend = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(backendPackage);
        if (backend.isEmpty()) {
            throw new AssertionError("no classes found in " + backendPackage + "; is the package name right?");
        }
        noClasses()
                .that()
                .resideInAPackage(backendPackage + "..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "belong to another backend or to a module built on api",
                        type -> foreign(type.getPackageName(), backendPackage)))
                .check(backend);
    }

    private static boolean foreign(String dependency, String backendPackage) {
        if (dependency.equals(backendPackage) || dependency.startsWith(backendPackage + ".")) {
            return false;
        }
        return dependency.startsWith("dev.errand.backend.")
                || dependency.startsWith("dev.errand.cli")
                || dependency.startsWith("dev.errand.manager")
                || dependency.startsWith("dev.errand.report")
                || dependency.startsWith("dev.errand.testkit");
    }
}
