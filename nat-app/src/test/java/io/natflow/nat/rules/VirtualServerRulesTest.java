package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;
import static io.natflow.nat.rules.RuleListTest.ROUTER;
import static io.natflow.nat.rules.RuleListTest.changed;
import static io.natflow.nat.rules.RuleListTest.refused;
import static io.natflow.nat.rules.VirtualServerFixtures.INBOUND_ANY;
import static io.natflow.nat.rules.VirtualServerFixtures.VIP;
import static io.natflow.nat.rules.VirtualServerFixtures.roundRobin;
import static io.natflow.nat.rules.VirtualServerFixtures.vserver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Virtual server rules in the list: what they match and what the list refuses. */
class VirtualServerRulesTest {
    static final NatRule.VirtualServer FARM = roundRobin(10, "10.0.0.11:8080", "10.0.0.12:8080");
    static final RuleList LIST = RuleList.of(List.of(RuleListTest.MASQ));

    static RuleError add(NatRule... rules) {
        RuleList l = LIST;
        for (int i = 0; i < rules.length - 1; i++) {
            l = changed(l.insert(rules[i], new RuleList.End(), ROUTER));
        }
        return refused(l.insert(rules[rules.length - 1], new RuleList.End(), ROUTER));
    }

    @Test
    void itTakesInboundPacketsToItsEndpointOnly() {
        RuleList l = changed(LIST.insert(FARM, new RuleList.At(0), ROUTER));
        assertSame(FARM, l.at(l.firstMatch(RuleMatchTest.in(6, "198.51.100.80", 40000, "203.0.113.80", 80))));
        assertEquals(-1, l.firstMatch(RuleMatchTest.in(6, "198.51.100.80", 40000, "203.0.113.80", 81)));
        assertEquals(-1, l.firstMatch(RuleMatchTest.in(17, "198.51.100.80", 40000, "203.0.113.80", 80)));
        assertEquals(-1, l.firstMatch(RuleMatchTest.in(6, "198.51.100.80", 40000, "203.0.113.81", 80)));
        assertFalse(FARM.matches(RuleMatchTest.out(6, "10.0.0.11", 8080, "198.51.100.80", 40000)), "never outbound");
        NatRule.VirtualServer narrowed = new NatRule.VirtualServer(
                11,
                INBOUND_ANY.withSource(Prefix.parse("198.51.100.0/25")),
                Set.of(),
                "",
                RuleProtocol.TCP,
                VIP,
                80,
                FARM.servers(),
                NatRule.VirtualServer.Scheduler.SOURCE_HASH);
        assertTrue(narrowed.matches(RuleMatchTest.in(6, "198.51.100.80", 1, "203.0.113.80", 80)));
        assertFalse(
                narrowed.matches(RuleMatchTest.in(6, "198.51.100.200", 1, "203.0.113.80", 80)), "the match narrows");
    }

    @Test
    void theServerListMustBeSensible() {
        RuleError empty = add(roundRobin(10));
        assertEquals(RuleError.Kind.BAD_SERVERS, empty.kind());
        assertTrue(empty.message().contains("needs servers"), empty.message());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add("10.0.0." + (10 + i) + ":80");
        }
        RuleError tooMany = add(roundRobin(10, many.toArray(new String[0])));
        assertEquals(RuleError.Kind.BAD_SERVERS, tooMany.kind());
        assertTrue(tooMany.message().contains("at most 64"), tooMany.message());
        changed(LIST.insert(roundRobin(10, many.subList(0, 64).toArray(new String[0])), new RuleList.End(), ROUTER));
        RuleError twice = add(roundRobin(10, "10.0.0.11:80", "10.0.0.12:80", "10.0.0.11:80"));
        assertEquals(RuleError.Kind.BAD_SERVERS, twice.kind());
        assertTrue(twice.message().contains("10.0.0.11:80 is listed twice"), twice.message());
        changed(LIST.insert(roundRobin(10, "10.0.0.11:80", "10.0.0.11:81"), new RuleList.End(), ROUTER));
    }

    @Test
    void serversAreLanHosts() {
        for (String bad : List.of("192.0.2.5:80", "10.0.0.1:80", "10.0.0.0:80", "10.0.0.255:80")) {
            RuleError e = add(roundRobin(10, "10.0.0.11:80", bad));
            assertEquals(RuleError.Kind.NOT_A_LAN_ADDRESS, e.kind(), bad);
            assertTrue(e.message().contains("server " + bad), e.message());
        }
    }

    @Test
    void thePublicAddressIsItsOwn() {
        RuleError pool =
                add(vserver(10, parse("203.0.113.1"), 80, NatRule.VirtualServer.Scheduler.ROUND_ROBIN, "10.0.0.11:80"));
        assertEquals(RuleError.Kind.PUBLIC_ADDRESS_IN_POOL, pool.kind());
        assertTrue(pool.kind().conflict());
        RuleError lan =
                add(vserver(10, parse("10.0.0.99"), 80, NatRule.VirtualServer.Scheduler.ROUND_ROBIN, "10.0.0.11:80"));
        assertEquals(RuleError.Kind.NOT_A_PUBLIC_ADDRESS, lan.kind());
        RuleError statics = add(RuleListTest.statik(5, "10.0.0.13", "203.0.113.80"), FARM);
        assertEquals(RuleError.Kind.PUBLIC_ADDRESS_TAKEN, statics.kind());
        assertTrue(statics.message().contains("static NAT rule 5"), statics.message());
    }

    @Test
    void publicEndpointsDoNotOverlap() {
        RuleError same = add(FARM, roundRobin(20, "10.0.0.13:8080"));
        assertEquals(RuleError.Kind.PUBLIC_PORT_TAKEN, same.kind());
        assertEquals(20, same.rule());
        assertTrue(same.message().contains("virtual server rule 10"), same.message());
        changed(changed(LIST.insert(FARM, new RuleList.End(), ROUTER))
                .insert(
                        vserver(20, VIP, 443, NatRule.VirtualServer.Scheduler.ROUND_ROBIN, "10.0.0.13:8080"),
                        new RuleList.End(),
                        ROUTER));
        NatRule.DestinationNat dnat = new NatRule.DestinationNat(
                5,
                INBOUND_ANY.withSource(Prefix.ANY),
                Set.of(),
                "",
                RuleProtocol.TCP,
                VIP,
                PortRange.parse("70-90"),
                parse("10.0.0.13"),
                7070);
        RuleError withDnat = add(dnat, FARM);
        assertEquals(RuleError.Kind.PUBLIC_PORT_TAKEN, withDnat.kind());
        assertTrue(withDnat.message().contains("destination NAT rule 5"), withDnat.message());
    }

    @Test
    void inboundTcpOrUdpOnly() {
        NatRule.VirtualServer outbound = new NatRule.VirtualServer(
                10, RuleMatch.OUTBOUND_ANY, Set.of(), "", RuleProtocol.TCP, VIP, 80, FARM.servers(), FARM.scheduler());
        assertEquals(RuleError.Kind.WRONG_DIRECTION, add(outbound).kind());
        NatRule.VirtualServer icmp = new NatRule.VirtualServer(
                10, INBOUND_ANY, Set.of(), "", RuleProtocol.ICMP, VIP, 80, FARM.servers(), FARM.scheduler());
        assertEquals(RuleError.Kind.PORTS_WITHOUT_PROTOCOL, add(icmp).kind());
        assertThrows(
                IllegalArgumentException.class,
                () -> new NatRule.VirtualServer(
                        10, INBOUND_ANY, Set.of(), "", RuleProtocol.TCP, VIP, 0, FARM.servers(), FARM.scheduler()));
    }

    @Test
    void serversAndSchedulersParse() {
        assertEquals(
                new NatRule.VirtualServer.Server(parse("10.0.0.11"), 8080),
                NatRule.VirtualServer.Server.parse("10.0.0.11:8080"));
        for (String bad : new String[] {
            "10.0.0.11", "10.0.0.11:", "10.0.0.11:0", "10.0.0.11:65536", "10.0.0.11:8x", "host:80", null
        }) {
            assertThrows(IllegalArgumentException.class, () -> NatRule.VirtualServer.Server.parse(bad), bad);
        }
        assertEquals(NatRule.VirtualServer.Scheduler.SOURCE_HASH, NatRule.VirtualServer.Scheduler.parse("source-hash"));
        assertThrows(IllegalArgumentException.class, () -> NatRule.VirtualServer.Scheduler.parse("random"));
        assertEquals("vserver", FARM.kind());
        assertEquals(20, FARM.renumbered(20).number());
    }
}
