package io.natflow.rest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.openflow.LanSegment;
import io.natflow.nat.openflow.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code lanSegments:} and {@code alias:} of a router: twice NAT (issue 14 item 2). */
class LanSegmentsConfigTest {
    private static final String YAML = """
            datapathId: "0000000000000001"
            lanPrefixes:
              - 10.0.0.0/24
              - {prefix: 10.1.0.0/24, via: 10.0.0.254}
            routerAddress: 10.0.0.1
            routerMac: "02:00:00:00:00:01"
            lanPorts: [s1-eth1, s1-eth2]
            wanPort: s1-eth4
            publicAddresses: [203.0.113.1]
            gateway: 203.0.113.254
            alias: 172.16.1.0/24
            lanSegments:
              - name: twin
                ports: [s1-eth6]
                prefix: 10.0.0.0/24
                routerAddress: 10.0.0.1
                alias: 172.16.2.0/24
            """;

    private static RouterFactory parse() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(YAML, RouterFactory.class);
    }

    @Test
    void aSegmentWithTheLansOwnPrefixBuilds() throws Exception {
        RouterConfig c = parse().build("routers[0]");
        assertEquals(Ipv4Prefix.parse("172.16.1.0/24"), c.segments().lanAlias());
        assertEquals(
                List.of(new LanSegment(
                        "twin",
                        List.of("s1-eth6"),
                        Ipv4Prefix.parse("10.0.0.0/24"),
                        Ipv4.parse("10.0.0.1"),
                        Ipv4Prefix.parse("172.16.2.0/24"))),
                c.segments().segments());
    }

    @Test
    void withoutSegmentsNothingChanges() throws Exception {
        RouterFactory f = parse();
        f.lanSegments = new ArrayList<>();
        f.alias = null;
        assertTrue(f.build("routers[0]").segments().isEmpty());
    }

    @Test
    void aliasesThatOverlapOrDifferInLengthAreRefusedByName() throws Exception {
        assertRefused(
                f -> f.alias = "10.0.0.0/24",
                "routers[0]: alias (of the main LAN) 10.0.0.0/24 overlaps the LAN prefix");
        assertRefused(
                f -> f.alias = "172.16.1.0/25", "routers[0]: alias 172.16.1.0/25 must be as long as the LAN prefix");
        assertRefused(
                f -> f.alias = "172.16.2.0/24",
                "routers[0]: segment twin: alias 172.16.2.0/24 overlaps alias (of the main LAN)");
        assertRefused(
                f -> f.lanSegments.get(0).alias = "10.1.0.0/24",
                "routers[0]: segment twin: alias 10.1.0.0/24 overlaps the routed LAN prefix 10.1.0.0/24");
        assertRefused(
                f -> f.lanSegments.get(0).alias = "203.0.113.0/24",
                "routers[0]: segment twin: alias 203.0.113.0/24 holds the public address 203.0.113.1");
        assertRefused(
                f -> f.lanSegments.get(0).alias = "172.16.2.0/16",
                "routers[0].lanSegments[0]: segment twin: alias 172.16.0.0/16 must be as long as its prefix");
        assertRefused(
                f -> {
                    f.lanSegments.get(0).prefix = "192.168.9.0/24";
                    f.lanSegments.get(0).routerAddress = "192.168.9.1";
                    f.alias = "192.168.9.0/24";
                },
                "routers[0]: alias (of the main LAN) 192.168.9.0/24 overlaps the prefix of segment twin");
    }

    @Test
    void missingOrDoubledSettingsAreRefusedByName() throws Exception {
        assertRefused(f -> f.alias = null, "routers[0].lanSegments: LAN segments need an alias for the main LAN");
        assertRefused(
                f -> f.lanSegments.get(0).ports = List.of("s1-eth2"),
                "routers[0]: segment twin: port s1-eth2 is already");
        assertRefused(
                f -> f.lanSegments.add(f.lanSegments.get(0)), "routers[0]: segment twin: alias 172.16.2.0/24 overlaps");
        assertRefused(
                f -> f.lanSegments.get(0).routerAddress = "10.0.1.1",
                "routers[0].lanSegments[0]: segment twin: routerAddress 10.0.1.1 is not a host");
        assertRefused(f -> f.lanSegments.get(0).alias = null, "routers[0].lanSegments[0].alias: required");
        assertRefused(f -> f.lanSegments.get(0).name = "a b", "routers[0].lanSegments[0]: segment name must be");
        assertRefused(f -> f.lanSegments.get(0).ports = List.of(), "routers[0].lanSegments[0].ports: at least one");
        assertRefused(
                f -> {
                    f.lanSegments = new ArrayList<>();
                },
                "routers[0].lanSegments: alias 172.16.1.0/24 is given but there is no LAN segment");
    }

    private static void assertRefused(Consumer<RouterFactory> change, String start) throws Exception {
        RouterFactory f = parse();
        f.lanSegments = new ArrayList<>(f.lanSegments);
        change.accept(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.build("routers[0]"));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
