package io.natflow.nat.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The service's records name no loxi, Netty or OpenFlow-glue type: only the JDK, the core's values, the rule values and themselves. */
class ServiceArchitectureTest {
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.natflow.nat.service");

    @Test
    void theServiceSpeaksRecordsOfTheJdkAndTheCore() {
        classes()
                .that()
                .resideInAPackage("io.natflow.nat.service..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.natflow.nat.service..",
                        "io.natflow.nat.core..",
                        "io.natflow.nat.rules..",
                        "java.lang..",
                        "java.util..")
                .check(SERVICE);
    }
}
