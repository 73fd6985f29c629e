package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IcmpTest {
    @Test
    void twoHostsSameIdentifierSameServerBothGetTheirReplies() {
        Nat nat = nat();
        Mapping a = mapped(nat.translateOutbound(OutboundPacket.icmpQuery(H1, 1234, SRV), 0));
        Mapping b = mapped(nat.translateOutbound(OutboundPacket.icmpQuery(H2, 1234, SRV), 0));
        assertNotEquals(a.publicPort(), b.publicPort());
        assertSame(a, admitted(nat.translateInbound(InboundPacket.icmpReply(SRV, PUB1, a.publicPort()), 1)));
        assertSame(b, admitted(nat.translateInbound(InboundPacket.icmpReply(SRV, PUB1, b.publicPort()), 1)));
        assertEquals(ep(H2, 1234), b.internal());
        assertEquals(60_001, a.expiresAt(), "the reply refreshed the ICMP query mapping");
    }

    @Test
    void replyFromAnotherAddressIsFiltered() {
        Nat nat = nat();
        Mapping a = mapped(nat.translateOutbound(OutboundPacket.icmpQuery(H1, 1234, SRV), 0));
        assertEquals(
                DropReason.FILTERED,
                dropped(nat.translateInbound(InboundPacket.icmpReply(SRV2, PUB1, a.publicPort()), 1)));
    }

    @Test
    void icmpErrorLookupFindsMappingWithoutRefreshing() {
        Nat nat = nat();
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        long deadline = m.expiresAt();
        // error from outside: embedded packet is ours, public source -> remote
        assertSame(
                m,
                nat.findForInboundIcmpError(Protocol.UDP, m.publicEndpoint(), ep(SRV, 53), 100)
                        .orElseThrow());
        assertTrue(
                nat.findForInboundIcmpError(Protocol.UDP, m.publicEndpoint(), ep(SRV2, 53), 100)
                        .isEmpty(),
                "an error about a packet never sent there is refused");
        // error from inside about an inbound packet: remote -> internal
        assertSame(
                m,
                nat.findForOutboundIcmpError(Protocol.UDP, ep(SRV, 53), ep(H1, 5000), 100)
                        .orElseThrow());
        assertEquals(deadline, m.expiresAt());
        assertEquals(0, m.lastUsed());
        assertTrue(nat.findForInboundIcmpError(Protocol.UDP, m.publicEndpoint(), ep(SRV, 53), deadline)
                .isEmpty());
    }
}
