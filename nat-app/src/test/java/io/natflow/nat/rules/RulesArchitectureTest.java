package io.natflow.nat.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules are pure like the core: the JDK and the core only, no clock. */
class RulesArchitectureTest {
    private static final JavaClasses PCP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.natflow.nat.rules");

    @Test
    void dependsOnlyOnTheJdkAndTheCore() {
        classes()
                .that()
                .resideInAPackage("io.natflow.nat.rules..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.natflow.nat.rules..", "io.natflow.nat.core..", "java.lang..", "java.util..")
                .check(PCP);
    }

    @Test
    void readsNoClock() {
        noClasses()
                .that()
                .resideInAPackage("io.natflow.nat.rules..")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("java.time..")
                .check(PCP);
    }
}
