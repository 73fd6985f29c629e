package io.natflow.rest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * REST, the CLI, metrics and health checks reach the NAT only through {@code io.natflow.nat.service}
 * (the sibling of nat-app's {@code io.natflow.nat.core.ArchitectureTest}).
 */
class ArchitectureTest {
    /** The wiring root and its nested classes (the lifecycle hook that stops the routers' loops). */
    private static final String APPLICATION = "io\\.natflow\\.rest\\.NatflowApplication(\\$.*)?";

    private static final JavaClasses REST = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.natflow.rest");

    /**
     * Core types REST may name: immutable values (addresses, protocols, forward rules and the
     * typed results of forward verbs, leased forwards) and the configuration records natflow.yml is
     * built into.
     * Everything else in the core (Nat, Mapping, tables, allocators) is internal state.
     */
    private static final Set<String> CORE_VALUES = Set.of(
            "Ipv4",
            "Ipv4Prefix",
            "Protocol",
            "Endpoint",
            "ForwardRule",
            "ForwardResult",
            "ReplaceResult",
            "ForwardConflict",
            "Origin",
            "TcpState",
            "NatConfig",
            "FilteringMode",
            "UnsolicitedPolicy",
            "RefusalReply",
            "ForwardLease",
            "LeaseSource",
            "LeasePolicy");

    private static final DescribedPredicate<JavaClass> CORE_INTERNALS =
            new DescribedPredicate<>("are core classes other than its values " + CORE_VALUES) {
                @Override
                public boolean test(JavaClass c) {
                    if (!c.getPackageName().equals("io.natflow.nat.core")) {
                        return false;
                    }
                    String simple = c.getName().substring("io.natflow.nat.core.".length());
                    int nested = simple.indexOf('$');
                    return !CORE_VALUES.contains(nested < 0 ? simple : simple.substring(0, nested));
                }
            };

    /**
     * The OpenFlow side of the NAT stays behind the service. Exceptions, by name: the config
     * wiring ({@code io.natflow.rest.config}, and {@code NatflowApplication}, which builds the
     * NatApp and registers it with the OpenFlow server) builds {@code RouterConfig} and
     * {@code PacketInLimits} (with its {@code Routes} of {@code Route}s and {@code LanSegments} of {@code LanSegment}s), the records natflow.yml turns into; nothing else there is used.
     */
    @Test
    void restUsesTheNatOnlyThroughItsService() {
        noClasses()
                .that()
                .resideInAPackage("io.natflow.rest..")
                .and()
                .resideOutsideOfPackage("io.natflow.rest.config..")
                .and()
                .haveNameNotMatching(APPLICATION)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.natflow.nat.openflow..")
                .check(REST);
        noClasses()
                .that()
                .resideInAPackage("io.natflow.rest.config..")
                .should()
                .dependOnClassesThat(openFlowOtherThan(
                        "RouterConfig", "PacketInLimits", "Routes", "Route", "LanSegments", "LanSegment"))
                .check(REST);
        noClasses()
                .that()
                .haveNameMatching(APPLICATION)
                .should()
                .dependOnClassesThat(openFlowOtherThan("RouterConfig", "NatApp"))
                .check(REST);
    }

    private static DescribedPredicate<JavaClass> openFlowOtherThan(String... allowed) {
        Set<String> names = Set.of(allowed);
        return DescribedPredicate.describe(
                "are in io.natflow.nat.openflow other than " + names,
                c -> c.getPackageName().equals("io.natflow.nat.openflow") && !names.contains(c.getSimpleName()));
    }

    @Test
    void restNamesNoCoreInternals() {
        noClasses()
                .that()
                .resideInAPackage("io.natflow.rest..")
                .should()
                .dependOnClassesThat(CORE_INTERNALS)
                .check(REST);
    }

    /**
     * No loxi type in REST. Exception: {@code io.natflow.rest.switches} shows the controller's
     * switches, whose {@code OpenFlowSwitch} answers with loxi types (datapath id, version);
     * a controller-level record for that is the controller module's to give.
     */
    @Test
    void restNamesNoLoxiType() {
        noClasses()
                .that()
                .resideInAPackage("io.natflow.rest..")
                .and()
                .resideOutsideOfPackage("io.natflow.rest.switches..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.projectfloodlight..")
                .check(REST);
    }
}
