package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** RFC 1812 §5.3.7: the NAT maps no martian address, in either direction, for any protocol. */
class MartianTest {
    private static final String[] MARTIANS = {
        "0.0.0.0",
        "0.1.2.3",
        "127.0.0.1",
        "127.255.255.254",
        "169.254.1.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255"
    };
    private static final String[] ORDINARY = {
        "1.0.0.1",
        "126.255.255.255",
        "128.0.0.1",
        "169.253.0.1",
        "169.255.0.1",
        "223.255.255.255",
        "100.64.0.1",
        "10.1.2.3",
        "198.51.100.80"
    };

    @Test
    void martianRangesAndTheirNeighbours() {
        for (String m : MARTIANS) {
            assertTrue(Martians.isMartian(Ipv4.parse(m)), m);
        }
        for (String o : ORDINARY) {
            assertFalse(Martians.isMartian(Ipv4.parse(o)), o);
        }
    }

    @Test
    void noOutboundMappingToAMartianDestination() {
        Nat nat = nat();
        for (Protocol protocol : Protocol.values()) {
            for (String m : MARTIANS) {
                OutboundDecision d = nat.translateOutbound(protocol, H1, 5000, Ipv4.parse(m), 53, 0, 0);
                assertEquals(new OutboundDecision.Refuse(RefuseReason.MARTIAN_DESTINATION), d, protocol + " to " + m);
            }
        }
        assertEquals(0, nat.size(), "no mapping created");
        assertEquals(0, nat.hostMappings(H1), "nothing charged to the host's quota");
    }

    @Test
    void noOutboundMappingFromAMartianSource() {
        Nat nat = nat();
        OutboundDecision d = nat.translateOutbound(Protocol.UDP, Ipv4.parse("127.0.0.1"), 5000, SRV, 53, 0, 0);
        assertEquals(new OutboundDecision.Refuse(RefuseReason.NOT_TRANSLATABLE), d);
        assertEquals(0, nat.size());
    }

    @Test
    void inboundFromAMartianSourceIsDroppedEvenWithAMappingAForwardOrADmz() {
        Nat nat = nat(config().filtering(FilteringMode.ENDPOINT_INDEPENDENT)
                .dmzHost(H3)
                .build());
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        nat.addForward(ForwardRule.PortForward.single(Protocol.TCP, ep(PUB1, 8080), ep(H2, 80)), 0);
        for (String martian : MARTIANS) {
            int src = Ipv4.parse(martian);
            assertEquals(
                    new InboundDecision.Drop(DropReason.MARTIAN_SOURCE), udpIn(nat, src, 53, m.publicEndpoint(), 1));
            assertEquals(
                    new InboundDecision.Drop(DropReason.MARTIAN_SOURCE),
                    nat.translateInbound(Protocol.TCP, src, 4000, PUB1, 8080, TcpFlags.SYN, 1),
                    "forward");
            assertEquals(
                    new InboundDecision.Drop(DropReason.MARTIAN_SOURCE),
                    nat.translateInbound(Protocol.UDP, src, 4000, PUB1, 7777, 0, 1),
                    "DMZ");
        }
        assertEquals(1, nat.size(), "only h1's own mapping");
        assertSame(m, admitted(udpIn(nat, SRV, 53, m.publicEndpoint(), 2)), "ordinary remotes still get in");
    }
}
