package io.natflow.nat.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core is plain JDK: no Netty, loxi, Dropwizard, logging, threads or clock. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.natflow.nat.core");

    @Test
    void coreDependsOnlyOnTheJdkAndItself() {
        classes()
                .that()
                .resideInAPackage("io.natflow.nat.core..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.natflow.nat.core..", "java.lang..", "java.util..", "java.time..")
                .check(CORE);
    }

    @Test
    void coreReadsNoClockAndStartsNoThreads() {
        classes()
                .that()
                .resideInAPackage("io.natflow.nat.core..")
                .should()
                .notBeAssignableTo(Thread.class)
                .check(CORE);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .resideInAPackage("io.natflow.nat.core..")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.Thread")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Clock")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Instant")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("java.util.concurrent..")
                .check(CORE);
    }
}
