package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class InboundFilteringTest {
    private Mapping contactSrv53(Nat nat) {
        return mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
    }

    @Test
    void addressAndPortDependentIsTheDefaultAndAdmitsOnlyContactedEndpoint() {
        Nat nat = nat();
        assertEquals(FilteringMode.ADDRESS_AND_PORT_DEPENDENT, nat.config().filtering());
        Mapping m = contactSrv53(nat);
        assertSame(m, admitted(udpIn(nat, SRV, 53, m.publicEndpoint(), 1)));
        assertEquals(DropReason.FILTERED, dropped(udpIn(nat, SRV, 54, m.publicEndpoint(), 1)));
        assertEquals(DropReason.FILTERED, dropped(udpIn(nat, SRV2, 53, m.publicEndpoint(), 1)));
    }

    @Test
    void addressDependentAdmitsAnyPortOfContactedAddress() {
        Nat nat = nat(config().filtering(FilteringMode.ADDRESS_DEPENDENT).build());
        Mapping m = contactSrv53(nat);
        assertSame(m, admitted(udpIn(nat, SRV, 54, m.publicEndpoint(), 1)));
        assertEquals(DropReason.FILTERED, dropped(udpIn(nat, SRV2, 53, m.publicEndpoint(), 1)));
    }

    @Test
    void endpointIndependentAdmitsAnyone() {
        Nat nat = nat(config().filtering(FilteringMode.ENDPOINT_INDEPENDENT).build());
        Mapping m = contactSrv53(nat);
        assertSame(m, admitted(udpIn(nat, SRV2, 7, m.publicEndpoint(), 1)));
    }

    @Test
    void unsolicitedDroppedByDefaultRejectedWhenConfigured() {
        assertEquals(DropReason.NO_MAPPING, dropped(udpIn(nat(), SRV, 53, ep(PUB1, 7777), 0)));
        Nat rejecting = nat(config().unsolicited(UnsolicitedPolicy.REJECT).build());
        InboundDecision d = udpIn(rejecting, SRV, 53, ep(PUB1, 7777), 0);
        assertEquals(
                DropReason.NO_MAPPING,
                assertInstanceOf(InboundDecision.Reject.class, d).reason());
        Mapping m = contactSrv53(rejecting);
        InboundDecision filtered = udpIn(rejecting, SRV2, 53, m.publicEndpoint(), 0);
        assertEquals(
                DropReason.FILTERED,
                assertInstanceOf(InboundDecision.Reject.class, filtered).reason());
    }

    @Test
    void notOurAddressIsDropped() {
        assertEquals(DropReason.NOT_PUBLIC_ADDRESS, dropped(udpIn(nat(), SRV, 53, ep(SRV2, 7777), 0)));
    }

    @Test
    void dmzHostReceivesUnsolicitedTrafficSamePortAndRepliesKeepIt() {
        Nat nat = nat(config().dmzHost(H3).build());
        InboundDecision d = udpIn(nat, SRV, 53, ep(PUB1, 7777), 0);
        Mapping m = admitted(d);
        assertTrue(((InboundDecision.Translate) d).created());
        assertEquals(ep(H3, 7777), m.internal());
        assertEquals(Origin.DMZ, m.origin());
        assertSame(m, mapped(udpOut(nat, H3, 7777, SRV, 53, 1)), "the DMZ reply uses the same mapping");
        // filtered traffic to another host's mapping never goes to the DMZ
        Mapping h1 = contactSrv53(nat);
        assertEquals(DropReason.FILTERED, dropped(udpIn(nat, SRV2, 1, h1.publicEndpoint(), 2)));
    }

    @Test
    void dmzUnavailableWhenDmzEndpointAlreadyMappedElsewhere() {
        Nat nat = nat(config().dmzHost(H3).build());
        Mapping own = mapped(udpOut(nat, H3, 7000, SRV, 53, 0)); // public 7000
        nat.delete(own.id(), 0); // 7000 now in quarantine
        assertEquals(DropReason.DMZ_UNAVAILABLE, dropped(udpIn(nat, SRV, 53, ep(PUB1, 7000), 1)));
    }

    @Test
    void udpInboundDoesNotRefreshByDefaultButTcpDoes() {
        Nat nat = nat();
        Mapping m = contactSrv53(nat);
        admitted(udpIn(nat, SRV, 53, m.publicEndpoint(), 10_000));
        assertEquals(300_000, m.expiresAt());
        Nat refreshing = nat(config().udpInboundRefresh(true).build());
        Mapping r = contactSrv53(refreshing);
        admitted(udpIn(refreshing, SRV, 53, r.publicEndpoint(), 10_000));
        assertEquals(310_000, r.expiresAt());
    }
}
