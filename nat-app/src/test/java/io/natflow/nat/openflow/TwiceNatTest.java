package io.natflow.nat.openflow;

import static io.natflow.nat.packet.TestPackets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natflow.nat.core.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twice NAT's translation: NETMAP both ways, host bits kept, and what does not cross. */
class TwiceNatTest {
    static final TwiceNat PLAN = new TwiceNat(List.of(
            new TwiceNat.Side(
                    0, "lan", Ipv4Prefix.parse("10.0.0.0/24"), ip("10.0.0.1"), Ipv4Prefix.parse("172.16.1.0/24")),
            new TwiceNat.Side(
                    1, "twin", Ipv4Prefix.parse("10.0.0.0/24"), ip("10.0.0.1"), Ipv4Prefix.parse("172.16.2.0/24")),
            new TwiceNat.Side(
                    2,
                    "lab",
                    Ipv4Prefix.parse("192.168.0.0/22"),
                    ip("192.168.3.254"),
                    Ipv4Prefix.parse("172.20.0.0/22"))));

    @Test
    void bothAddressesMoveToTheOtherPrefixKeepingTheirHostBits() {
        TwiceNat.Crossing c =
                PLAN.translate(0, ip("10.0.0.11"), ip("172.16.2.12")).crossing();
        assertEquals(
                new TwiceNat.Crossing(0, 1, ip("10.0.0.11"), ip("172.16.2.12"), ip("172.16.1.11"), ip("10.0.0.12")), c);
        TwiceNat.Crossing back =
                PLAN.translate(1, ip("10.0.0.12"), ip("172.16.1.11")).crossing();
        assertEquals(c.reverse(), back, "the answer crosses as the reverse of the first packet");
        TwiceNat.Crossing wide =
                PLAN.translate(2, ip("192.168.2.7"), ip("172.16.1.13")).crossing();
        assertEquals(ip("172.20.2.7"), wide.newSrc(), "a /22: two bits of the third octet are host bits");
        assertEquals(ip("10.0.0.13"), wide.newDst());
        assertEquals(
                ip("192.168.2.7"),
                PLAN.translate(0, ip("10.0.0.13"), ip("172.20.2.7")).crossing().newDst());
    }

    @Test
    void onlyAliasesCrossAndOnlyHostsOfTheArrivalSegment() {
        assertNull(PLAN.translate(0, ip("10.0.0.11"), ip("198.51.100.80")), "not an alias: not twice NAT's");
        assertEquals(
                TwiceNat.Refusal.SOURCE_NOT_IN_SEGMENT,
                PLAN.translate(1, ip("10.9.0.11"), ip("172.16.1.11")).refusal());
        assertEquals(
                TwiceNat.Refusal.SOURCE_NOT_IN_SEGMENT,
                PLAN.translate(1, ip("10.0.0.1"), ip("172.16.1.11")).refusal(),
                "the router's own address is no host");
        assertEquals(
                TwiceNat.Refusal.OWN_ALIAS,
                PLAN.translate(1, ip("10.0.0.11"), ip("172.16.2.12")).refusal());
        assertEquals(
                TwiceNat.Refusal.NOT_A_HOST,
                PLAN.translate(0, ip("10.0.0.11"), ip("172.16.2.255")).refusal());
        assertEquals(
                TwiceNat.Refusal.NOT_A_HOST,
                PLAN.translate(0, ip("10.0.0.11"), ip("172.16.2.0")).refusal());
        assertEquals(
                TwiceNat.Refusal.NOT_A_HOST,
                PLAN.translate(0, ip("10.0.0.11"), ip("172.16.2.1")).refusal(),
                "the twin's router address behind the alias");
    }
}
