package dev.echolab;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code: one package per feature, the features in one direction (the servers, the load
 * generator on them, the history and the coordinator on the load generator, the command line on all of them), and
 * {@code web} (security, problem responses, OpenAPI) under every feature and knowing none.
 */
class ArchitectureTests {

    private static final String APP = "dev.echolab";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(APP);

    @Test
    void theFeaturePackagesHaveNoCycles() {
        slices().matching(APP + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void webDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(APP + ".web..")
                .should()
                .dependOnClassesThat(resideInAPackage(APP + ".*..").and(not(resideInAPackage(APP + ".web.."))))
                .as("web (security, problem responses, OpenAPI) depends on no feature package")
                .check(MAIN);
    }

    @Test
    void theFeaturesDependInOneDirection() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(APP + "..")
                .layer("application")
                .definedBy(APP)
                .layer("cli")
                .definedBy(APP + ".cli..")
                .layer("history")
                .definedBy(APP + ".history..")
                .layer("shards")
                .definedBy(APP + ".shards..")
                .layer("stress")
                .definedBy(APP + ".stress..")
                .layer("server")
                .definedBy(APP + ".server..")
                .layer("web")
                .definedBy(APP + ".web..")
                .whereLayer("application")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("cli")
                .mayOnlyBeAccessedByLayers("application")
                .whereLayer("history")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("shards")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("stress")
                .mayOnlyBeAccessedByLayers("history", "shards", "cli")
                .whereLayer("server")
                .mayOnlyBeAccessedByLayers("stress", "history", "shards", "cli")
                .ensureAllClassesAreContainedInArchitecture()
                .check(MAIN);
    }
}
