package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleListTest {
    static final RuleContext ROUTER = new RuleContext(
            Prefix.parse("10.0.0.0/24"),
            parse("10.0.0.1"),
            List.of(parse("203.0.113.1")),
            Set.of("s1-eth1", "s1-eth2", "s1-eth3", "s1-eth4"));
    static final NatRule MASQ =
            new NatRule.Masquerade(100, RuleMatch.outboundFrom(Prefix.parse("10.0.0.0/24")), Set.of(), "");
    static final NatRule SKIP = new NatRule.Skip(
            50, RuleMatch.OUTBOUND_ANY.withDestination(Prefix.parse("198.51.100.80")), Set.of(), "to srv untranslated");

    static RuleList changed(RuleList.Edit e) {
        return assertInstanceOf(RuleList.Changed.class, e, () -> e.toString()).list();
    }

    static RuleError refused(RuleList.Edit e) {
        return assertInstanceOf(RuleList.Refused.class, e, () -> e.toString()).error();
    }

    static List<Integer> numbers(RuleList l) {
        return l.rules().stream().map(NatRule::number).toList();
    }

    static NatRule statik(int n, String priv, String pub) {
        return new NatRule.StaticNat(n, RuleMatch.OUTBOUND_ANY, Set.of(), "", parse(priv), parse(pub));
    }

    @Test
    void firstMatchWinsInTheUsersOrder() {
        RuleList l = changed(RuleList.of(List.of(MASQ)).insert(SKIP, new RuleList.At(0), ROUTER));
        assertEquals(List.of(50, 100), numbers(l));
        PacketKey toSrv = RuleMatchTest.out(6, "10.0.0.11", 40000, "198.51.100.80", 5000);
        PacketKey elsewhere = RuleMatchTest.out(6, "10.0.0.11", 40000, "198.51.100.81", 5000);
        assertSame(SKIP, l.at(l.firstMatch(toSrv)));
        assertSame(MASQ, l.at(l.firstMatch(elsewhere)));
        RuleList moved = changed(l.move(50, new RuleList.End(), ROUTER));
        assertEquals(List.of(100, 50), numbers(moved));
        assertSame(MASQ, moved.at(moved.firstMatch(toSrv)));
        assertEquals(-1, moved.firstMatch(RuleMatchTest.in(6, "198.51.100.80", 1, "203.0.113.1", 2)));
    }

    @Test
    void insertAtAPositionOrBeforeARule() {
        RuleList l = RuleList.of(List.of(MASQ));
        RuleList before = changed(l.insert(SKIP, new RuleList.Before(100), ROUTER));
        assertEquals(List.of(50, 100), numbers(before));
        RuleList end = changed(l.insert(SKIP, new RuleList.End(), ROUTER));
        assertEquals(List.of(100, 50), numbers(end));
        RuleList three = changed(end.insert(statik(7, "10.0.0.13", "203.0.113.13"), new RuleList.At(1), ROUTER));
        assertEquals(List.of(100, 7, 50), numbers(three));
        assertEquals(
                RuleError.Kind.BAD_POSITION,
                refused(l.insert(SKIP, new RuleList.At(2), ROUTER)).kind());
        assertEquals(
                RuleError.Kind.BAD_POSITION,
                refused(l.insert(SKIP, new RuleList.At(-1), ROUTER)).kind());
        RuleError e = refused(l.insert(SKIP, new RuleList.Before(99), ROUTER));
        assertEquals(RuleError.Kind.BAD_POSITION, e.kind());
        assertTrue(e.message().contains("rule 99"), e.message());
        assertEquals(110, three.nextNumber());
    }

    @Test
    void numbersAreUnique() {
        RuleList l = RuleList.of(List.of(MASQ));
        RuleError e = refused(
                l.insert(new NatRule.Drop(100, RuleMatch.OUTBOUND_ANY, Set.of(), ""), new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.DUPLICATE_NUMBER, e.kind());
        assertTrue(e.kind().conflict());
        assertEquals(
                RuleError.Kind.DUPLICATE_NUMBER,
                RuleList.of(List.of(MASQ, MASQ)).validate(ROUTER).get(0).kind());
    }

    @Test
    void replaceDeleteAndMoveNameAMissingRule() {
        RuleList l = changed(RuleList.of(List.of(MASQ)).insert(SKIP, new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.NO_SUCH_RULE, refused(l.delete(1, ROUTER)).kind());
        assertEquals(
                RuleError.Kind.NO_SUCH_RULE, refused(l.replace(1, SKIP, ROUTER)).kind());
        assertEquals(
                RuleError.Kind.NO_SUCH_RULE,
                refused(l.move(1, new RuleList.End(), ROUTER)).kind());
        assertEquals(List.of(100), numbers(changed(l.delete(50, ROUTER))));
        NatRule drop = new NatRule.Drop(50, SKIP.match(), Set.of(), "now dropped");
        RuleList replaced = changed(l.replace(50, drop, ROUTER));
        assertSame(drop, replaced.get(50).orElseThrow());
        assertEquals(List.of(100, 50), numbers(replaced));
        assertEquals(
                RuleError.Kind.DUPLICATE_NUMBER,
                refused(l.replace(50, SKIP.renumbered(100), ROUTER)).kind());
        assertEquals(List.of(50, 100), numbers(changed(l.move(50, new RuleList.Before(100), ROUTER))));
        assertEquals(List.of(50, 100), numbers(changed(l.move(50, new RuleList.At(0), ROUTER))));
        assertEquals(
                RuleError.Kind.BAD_POSITION,
                refused(l.move(50, new RuleList.Before(50), ROUTER)).kind());
        assertEquals(
                RuleError.Kind.BAD_POSITION,
                refused(l.move(50, new RuleList.At(2), ROUTER)).kind());
    }

    @Test
    void staticNatConflictsAreNamed() {
        RuleList l = changed(
                RuleList.of(List.of(MASQ)).insert(statik(10, "10.0.0.13", "203.0.113.13"), new RuleList.At(0), ROUTER));
        RuleError twoPublic = refused(l.insert(statik(11, "10.0.0.12", "203.0.113.13"), new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.PUBLIC_ADDRESS_TAKEN, twoPublic.kind());
        assertTrue(
                twoPublic.message().contains("203.0.113.13")
                        && twoPublic.message().contains("rule 10"),
                twoPublic.message());
        assertEquals(
                RuleError.Kind.PRIVATE_ADDRESS_TAKEN,
                refused(l.insert(statik(11, "10.0.0.13", "203.0.113.14"), new RuleList.End(), ROUTER))
                        .kind());
        RuleError pool = refused(l.insert(statik(11, "10.0.0.12", "203.0.113.1"), new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.PUBLIC_ADDRESS_IN_POOL, pool.kind());
        assertTrue(pool.message().contains("pool"), pool.message());
        assertEquals(
                RuleError.Kind.NOT_A_LAN_ADDRESS,
                refused(l.insert(statik(11, "10.0.1.12", "203.0.113.14"), new RuleList.End(), ROUTER))
                        .kind());
        assertEquals(
                RuleError.Kind.NOT_A_LAN_ADDRESS,
                refused(l.insert(statik(11, "10.0.0.1", "203.0.113.14"), new RuleList.End(), ROUTER))
                        .kind());
        assertEquals(
                RuleError.Kind.NOT_A_PUBLIC_ADDRESS,
                refused(l.insert(statik(11, "10.0.0.12", "10.0.0.99"), new RuleList.End(), ROUTER))
                        .kind());
    }

    @Test
    void malformedMatchesAreNamed() {
        RuleList l = RuleList.of(List.of(MASQ));
        NatRule portsOnIcmp = new NatRule.Skip(
                1,
                RuleMatch.OUTBOUND_ANY.withProtocol(RuleProtocol.ICMP).withDestinationPorts(PortRange.single(80)),
                Set.of(),
                "");
        RuleError e = refused(l.insert(portsOnIcmp, new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.PORTS_WITHOUT_PROTOCOL, e.kind());
        assertTrue(e.message().contains("icmp"), e.message());
        NatRule unknownPort = new NatRule.Drop(
                1,
                new RuleMatch(
                        Direction.OUTBOUND,
                        Prefix.ANY,
                        Prefix.ANY,
                        PortRange.ANY,
                        PortRange.ANY,
                        RuleProtocol.ANY,
                        "eth9",
                        null,
                        false),
                Set.of(),
                "");
        RuleError p = refused(l.insert(unknownPort, new RuleList.End(), ROUTER));
        assertEquals(RuleError.Kind.UNKNOWN_PORT, p.kind());
        assertTrue(p.message().contains("eth9"), p.message());
        NatRule inboundMasquerade = new NatRule.Masquerade(1, RuleMatch.OUTBOUND_ANY.reversed(), Set.of(), "");
        assertEquals(
                RuleError.Kind.WRONG_DIRECTION,
                refused(l.insert(inboundMasquerade, new RuleList.End(), ROUTER)).kind());
    }

    @Test
    void destinationNatChecksItsPublicEndpoint() {
        RuleMatch inbound = RuleMatch.OUTBOUND_ANY.reversed();
        NatRule web = new NatRule.DestinationNat(
                20,
                inbound,
                Set.of(),
                "",
                RuleProtocol.TCP,
                parse("203.0.113.1"),
                new PortRange(8080, 8081),
                parse("10.0.0.13"),
                80);
        RuleList l = changed(RuleList.of(List.of(MASQ)).insert(web, new RuleList.At(0), ROUTER));
        NatRule overlap = new NatRule.DestinationNat(
                21,
                inbound,
                Set.of(),
                "",
                RuleProtocol.TCP,
                parse("203.0.113.1"),
                PortRange.single(8081),
                parse("10.0.0.12"),
                80);
        assertEquals(
                RuleError.Kind.PUBLIC_PORT_TAKEN,
                refused(l.insert(overlap, new RuleList.End(), ROUTER)).kind());
        NatRule udp = new NatRule.DestinationNat(
                21,
                inbound,
                Set.of(),
                "",
                RuleProtocol.UDP,
                parse("203.0.113.1"),
                PortRange.single(8081),
                parse("10.0.0.12"),
                80);
        changed(l.insert(udp, new RuleList.End(), ROUTER));
        assertTrue(web.matches(RuleMatchTest.in(6, "198.51.100.80", 4000, "203.0.113.1", 8081)));
        NatRule outbound = new NatRule.DestinationNat(
                22,
                RuleMatch.OUTBOUND_ANY,
                Set.of(),
                "",
                RuleProtocol.UDP,
                parse("203.0.113.1"),
                PortRange.single(9),
                parse("10.0.0.12"),
                9);
        assertEquals(
                RuleError.Kind.WRONG_DIRECTION,
                refused(l.insert(outbound, new RuleList.End(), ROUTER)).kind());
    }

    @Test
    void aFailedEditLeavesTheListAsItWas() {
        RuleList l = RuleList.of(List.of(MASQ));
        refused(l.insert(MASQ, new RuleList.End(), ROUTER));
        assertEquals(List.of(100), numbers(l));
    }

    @Test
    void aHundredRulesScanInOrder() {
        List<NatRule> rules = new java.util.ArrayList<>();
        for (int i = 1; i <= 99; i++) {
            rules.add(new NatRule.Skip(
                    i, RuleMatch.OUTBOUND_ANY.withDestination(Prefix.host(parse("192.0.2." + i))), Set.of(), ""));
        }
        rules.add(MASQ);
        RuleList l = RuleList.of(rules);
        assertTrue(l.validate(ROUTER).isEmpty());
        assertEquals(99, l.firstMatch(RuleMatchTest.out(6, "10.0.0.11", 1, "198.51.100.80", 2)));
        assertEquals(41, l.firstMatch(RuleMatchTest.out(6, "10.0.0.11", 1, "192.0.2.42", 2)));
    }
}
