package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HairpinTest {
    @Test
    void internalHostReachesPeerViaPublicEndpointWithItsOwnPublicSource() {
        Nat nat = nat(config().filtering(FilteringMode.ENDPOINT_INDEPENDENT).build());
        Mapping h2 = mapped(udpOut(nat, H2, 6000, SRV, 3478, 0)); // h2 learns its public endpoint via STUN
        OutboundDecision d = udpOut(nat, H1, 5000, PUB1, h2.publicPort(), 1);
        OutboundDecision.Hairpin hp = assertInstanceOf(OutboundDecision.Hairpin.class, d);
        assertEquals(ep(H2, 6000), hp.destination().internal());
        assertEquals(ep(H1, 5000), hp.source().internal());
        assertEquals(PUB1, hp.source().publicIp(), "source is the sender's public mapping (REQ-9)");
        assertTrue(hp.created());
        // and the reply from h2 hairpins back to h1
        OutboundDecision back = udpOut(nat, H2, 6000, PUB1, hp.source().publicPort(), 2);
        assertSame(
                hp.source(),
                assertInstanceOf(OutboundDecision.Hairpin.class, back).destination());
    }

    @Test
    void hairpinHonoursFilteringAsIfFromOutside() {
        Nat nat = nat(); // address-and-port-dependent
        Mapping h2 = mapped(udpOut(nat, H2, 6000, SRV, 3478, 0));
        assertEquals(RefuseReason.HAIRPIN_UNREACHABLE, refused(udpOut(nat, H1, 5000, PUB1, h2.publicPort(), 1)));
        Mapping h1 = nat.lookupInternal(Protocol.UDP, ep(H1, 5000)).orElseThrow();
        // once h2 has sent to h1's public endpoint, h1 gets through
        udpOut(nat, H2, 6000, PUB1, h1.publicPort(), 2);
        assertInstanceOf(OutboundDecision.Hairpin.class, udpOut(nat, H1, 5000, PUB1, h2.publicPort(), 3));
    }

    @Test
    void hairpinToUnknownPortIsRefused() {
        assertEquals(RefuseReason.HAIRPIN_UNREACHABLE, refused(udpOut(nat(), H1, 5000, PUB1, 9, 0)));
    }
}
