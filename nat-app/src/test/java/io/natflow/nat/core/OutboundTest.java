package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboundTest {
    @Test
    void firstPacketCreatesMappingWithPreservedPortAndLaterPacketsReuseIt() {
        Nat nat = nat();
        OutboundDecision first = udpOut(nat, H1, 5000, SRV, 53, 1000);
        Mapping m = mapped(first);
        assertTrue(((OutboundDecision.Translate) first).created());
        assertEquals(ep(PUB1, 5000), m.publicEndpoint(), "port preserved when free");
        assertEquals(ep(H1, 5000), m.internal());
        OutboundDecision again = udpOut(nat, H1, 5000, SRV, 53, 2000);
        assertSame(m, mapped(again));
        assertFalse(((OutboundDecision.Translate) again).created());
        assertEquals(2000, m.lastUsed());
        assertEquals(2000 + 300_000, m.expiresAt());
    }

    @Test
    void endpointIndependentMappingSameMappingForEveryRemote() {
        Nat nat = nat();
        Mapping a = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        Mapping b = mapped(udpOut(nat, H1, 5000, SRV2, 9999, 0));
        assertSame(a, b);
        assertEquals(Set.of(ep(SRV, 53), ep(SRV2, 9999)), new HashSet<>(a.remotes()));
    }

    @Test
    void twoHostsSameSourcePortToSameServerGetDistinctPublicPortsAndBothReplies() {
        Nat nat = nat();
        Mapping m1 = mapped(udpOut(nat, H1, 40000, SRV, 53, 0));
        Mapping m2 = mapped(udpOut(nat, H2, 40000, SRV, 53, 0));
        assertNotEquals(m1.publicEndpoint(), m2.publicEndpoint());
        assertEquals(40000, m1.publicPort());
        assertSame(m1, admitted(udpIn(nat, SRV, 53, m1.publicEndpoint(), 1)));
        assertSame(m2, admitted(udpIn(nat, SRV, 53, m2.publicEndpoint(), 1)));
        assertEquals(ep(H2, 40000), m2.internal());
    }

    @Test
    void portOutsideRangeIsRandomisedIntoRange() {
        Nat nat = nat(config().portRange(20000, 20100).build());
        Mapping m = mapped(udpOut(nat, H1, 80, SRV, 53, 0));
        assertTrue(m.publicPort() >= 20000 && m.publicPort() <= 20100, "got " + m.publicPort());
    }

    @Test
    void parityIsPreservedWhenAsked() {
        Nat nat = nat(config().portRange(2000, 2100).preserveParity(true).build());
        mapped(udpOut(nat, H1, 2001, SRV, 53, 0)); // takes 2001
        for (int i = 0; i < 20; i++) {
            Mapping m = mapped(udpOut(nat, H2 + i, 2001, SRV, 53, 0));
            assertEquals(1, m.publicPort() & 1, "odd internal port keeps odd public port");
        }
    }

    @Test
    void pairedPoolingKeepsOneAddressPerHostAndSpreadsHosts() {
        Nat nat = nat(NatConfig.builder(PUB1, PUB2).build());
        Mapping a = mapped(udpOut(nat, H1, 1, SRV, 53, 0));
        Mapping b = mapped(udpOut(nat, H2, 1, SRV, 53, 0));
        assertNotEquals(a.publicIp(), b.publicIp(), "round robin over the pool");
        for (int p = 2; p < 30; p++) {
            assertEquals(
                    a.publicIp(),
                    mapped(nat.translateOutbound(OutboundPacket.tcp(ep(H1, p), ep(SRV, 80), TcpFlags.SYN), 0))
                            .publicIp());
        }
    }

    @Test
    void untranslatablePacketsAreRefusedWithReason() {
        Nat nat = nat();
        assertEquals(RefuseReason.NOT_TRANSLATABLE, refused(udpOut(nat, H1, 0, SRV, 53, 0)));
        assertEquals(RefuseReason.NOT_TRANSLATABLE, refused(udpOut(nat, H1, 5, SRV, 0, 0)));
        assertEquals(RefuseReason.NOT_TRANSLATABLE, refused(udpOut(nat, PUB1, 5, SRV, 53, 0)));
        assertEquals(0, nat.size());
    }

    @Test
    void protocolsAreSeparateNamespaces() {
        Nat nat = nat();
        Mapping u = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        Mapping t = mapped(nat.translateOutbound(OutboundPacket.tcp(ep(H1, 5000), ep(SRV, 80), TcpFlags.SYN), 0));
        assertNotSame(u, t);
        assertEquals(5000, t.publicPort());
        assertNotEquals(u.id(), t.id());
    }

    @Test
    void lookupListAndDelete() {
        Nat nat = nat();
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        mapped(udpOut(nat, H2, 5000, SRV, 53, 0));
        assertSame(m, nat.lookup(m.id()).orElseThrow());
        assertSame(m, nat.lookupPublic(Protocol.UDP, m.publicEndpoint()).orElseThrow());
        assertSame(m, nat.lookupInternal(Protocol.UDP, m.internal()).orElseThrow());
        int count = 0;
        for (Mapping ignored : nat.mappings()) {
            count++;
        }
        assertEquals(2, count);
        assertSame(m, nat.delete(m.id(), 1).orElseThrow());
        assertTrue(nat.lookup(m.id()).isEmpty());
        assertTrue(nat.delete(m.id(), 1).isEmpty());
        assertEquals(DropReason.NO_MAPPING, dropped(udpIn(nat, SRV, 53, m.publicEndpoint(), 2)));
        assertEquals(1, nat.size());
    }

    @Test
    void idsAreNeverReused() {
        Nat nat = nat();
        Mapping a = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        nat.delete(a.id(), 0);
        Mapping b = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        assertNotEquals(a.id(), b.id());
    }
}
