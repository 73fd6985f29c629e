package io.natflow.nat.rules;

import static io.natflow.nat.core.Ipv4.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleMatchTest {
    static PacketKey out(int proto, String src, int sport, String dst, int dport) {
        return new PacketKey(Direction.OUTBOUND, proto, parse(src), sport, parse(dst), dport, "s1-eth1", "s1-eth4");
    }

    static PacketKey in(int proto, String src, int sport, String dst, int dport) {
        return new PacketKey(Direction.INBOUND, proto, parse(src), sport, parse(dst), dport, "s1-eth4", null);
    }

    @Test
    void prefixesParseAndRefuseHostBits() {
        assertEquals(new Prefix(parse("10.0.0.0"), 24), Prefix.parse("10.0.0.0/24"));
        assertEquals(Prefix.host(parse("10.0.0.5")), Prefix.parse("10.0.0.5"));
        assertEquals(Prefix.ANY, Prefix.parse("any"));
        assertTrue(Prefix.parse("0.0.0.0/0").contains(parse("1.2.3.4")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prefix.parse("10.0.0.1/24"));
        assertTrue(e.getMessage().contains("host bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("10.0.0/8"));
        assertTrue(Prefix.parse("10.0.0.0/8").covers(Prefix.parse("10.1.0.0/16")));
        assertFalse(Prefix.parse("10.1.0.0/16").covers(Prefix.parse("10.0.0.0/8")));
    }

    @Test
    void portRangesParseAndRefuseNonsense() {
        assertEquals(new PortRange(1000, 2000), PortRange.parse("1000-2000"));
        assertEquals(PortRange.single(80), PortRange.parse("80"));
        assertEquals(PortRange.ANY, PortRange.parse("any"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("2000-1000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("70000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("8o"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("-5"));
    }

    @Test
    void everyCriterionNarrowsTheMatch() {
        RuleMatch m = new RuleMatch(
                Direction.OUTBOUND,
                Prefix.parse("10.0.0.0/24"),
                Prefix.parse("198.51.100.80"),
                PortRange.ANY,
                PortRange.parse("5000-5010"),
                RuleProtocol.TCP,
                "s1-eth1",
                null,
                false);
        assertTrue(m.matches(out(6, "10.0.0.11", 40000, "198.51.100.80", 5005)));
        assertFalse(m.matches(out(17, "10.0.0.11", 40000, "198.51.100.80", 5005)), "protocol");
        assertFalse(m.matches(out(6, "10.0.1.11", 40000, "198.51.100.80", 5005)), "source");
        assertFalse(m.matches(out(6, "10.0.0.11", 40000, "198.51.100.81", 5005)), "destination");
        assertFalse(m.matches(out(6, "10.0.0.11", 40000, "198.51.100.80", 5011)), "port");
        assertFalse(m.matches(in(6, "10.0.0.11", 40000, "198.51.100.80", 5005)), "direction");
        assertFalse(
                m.matches(new PacketKey(
                        Direction.OUTBOUND, 6, parse("10.0.0.11"), 1, parse("198.51.100.80"), 5005, "s1-eth2", null)),
                "in port");
    }

    @Test
    void reverseMatchesTheOtherDirection() {
        RuleMatch m = RuleMatch.outboundFrom(Prefix.parse("10.0.0.0/24"))
                .withDestination(Prefix.parse("198.51.100.80"))
                .withProtocol(RuleProtocol.UDP)
                .withDestinationPorts(PortRange.single(53));
        PacketKey answer = in(17, "198.51.100.80", 53, "10.0.0.11", 40000);
        assertFalse(m.matches(answer));
        assertTrue(m.withReverse(true).matches(answer));
        assertFalse(m.withReverse(true).matches(in(17, "198.51.100.80", 54, "10.0.0.11", 40000)));
    }

    @Test
    void staticNatMatchesItsAddressBothWays() {
        NatRule.StaticNat s = new NatRule.StaticNat(
                10, RuleMatch.OUTBOUND_ANY, Set.of(), "h3", parse("10.0.0.13"), parse("203.0.113.13"));
        assertTrue(s.matches(out(1, "10.0.0.13", 0, "198.51.100.80", 0)));
        assertFalse(s.matches(out(1, "10.0.0.12", 0, "198.51.100.80", 0)));
        assertTrue(s.matches(in(6, "198.51.100.80", 40000, "203.0.113.13", 22)));
        assertFalse(s.matches(in(6, "198.51.100.80", 40000, "203.0.113.1", 22)));
        NatRule.StaticNat off = new NatRule.StaticNat(
                10, RuleMatch.OUTBOUND_ANY, Set.of(RuleFlag.DISABLED), "", parse("10.0.0.13"), parse("203.0.113.13"));
        assertFalse(off.matches(out(1, "10.0.0.13", 0, "198.51.100.80", 0)));
    }

    @Test
    void portsOnAnUnportedProtocolNeverMatch() {
        RuleMatch m = RuleMatch.OUTBOUND_ANY.withDestinationPorts(PortRange.single(80));
        assertFalse(m.matches(out(1, "10.0.0.11", 0, "198.51.100.80", 80)));
        assertTrue(m.matches(out(6, "10.0.0.11", 1, "198.51.100.80", 80)));
    }

    @Test
    void rulesRefuseBadNumbersAndDescriptions() {
        assertThrows(IllegalArgumentException.class, () -> new NatRule.Skip(0, RuleMatch.OUTBOUND_ANY, Set.of(), ""));
        assertThrows(
                IllegalArgumentException.class, () -> new NatRule.Skip(65536, RuleMatch.OUTBOUND_ANY, Set.of(), ""));
        assertThrows(
                IllegalArgumentException.class,
                () -> new NatRule.Skip(1, RuleMatch.OUTBOUND_ANY, Set.of(), "x".repeat(201)));
    }
}
