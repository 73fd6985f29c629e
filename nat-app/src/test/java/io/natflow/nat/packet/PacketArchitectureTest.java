package io.natflow.nat.packet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Packet parsing is plain JDK too, so the slow path can be tested and reused without a switch. */
class PacketArchitectureTest {

    @Test
    void packetCodeDependsOnlyOnTheJdkAndItself() {
        classes()
                .that()
                .resideInAPackage("io.natflow.nat.packet..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.natflow.nat.packet..", "java.lang..", "java.util..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.natflow.nat.packet"));
    }
}
