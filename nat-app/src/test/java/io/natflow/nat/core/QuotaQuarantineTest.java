package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuotaQuarantineTest {
    @Test
    void perHostQuotaRefusesWithoutAffectingOtherHosts() {
        Nat nat = nat(config().perHostQuota(3).build());
        for (int p = 1; p <= 3; p++) {
            mapped(udpOut(nat, H1, 1000 + p, SRV, 53, 0));
        }
        assertEquals(RefuseReason.QUOTA_EXCEEDED, refused(udpOut(nat, H1, 2000, SRV, 53, 0)));
        mapped(udpOut(nat, H1, 1001, SRV2, 53, 0)); // existing mapping still usable
        mapped(udpOut(nat, H2, 2000, SRV, 53, 0));
        assertEquals(3, nat.hostMappings(H1));
        nat.delete(nat.lookupInternal(Protocol.UDP, ep(H1, 1001)).orElseThrow().id(), 1);
        mapped(udpOut(nat, H1, 2000, SRV, 53, 1));
    }

    @Test
    void exhaustionIsATypedRefusalAndNeverEvicts() {
        Nat nat = nat(config().portRange(5000, 5009).build());
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ids.add(mapped(udpOut(nat, H1, 30000 + i, SRV, 53, 0)).id());
        }
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H2, 40000, SRV, 53, 0)));
        assertEquals(10, nat.size());
        for (long id : ids) {
            assertTrue(nat.lookup(id).isPresent());
        }
        // another protocol has its own ports
        mapped(nat.translateOutbound(OutboundPacket.tcp(ep(H2, 40000), ep(SRV, 80), TcpFlags.SYN), 0));
    }

    @Test
    void pairedHostIsRefusedWhenItsAddressIsFullEvenIfAnotherHasRoom() {
        Nat nat = nat(NatConfig.builder(PUB1, PUB2).portRange(5000, 5001).build());
        Mapping first = mapped(udpOut(nat, H1, 1, SRV, 53, 0));
        mapped(udpOut(nat, H1, 2, SRV, 53, 0));
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H1, 3, SRV, 53, 0)));
        Mapping other = mapped(udpOut(nat, H2, 1, SRV, 53, 0));
        assertNotEquals(first.publicIp(), other.publicIp());
    }

    @Test
    void globalCapRefusesNewMappingsOnly() {
        Nat nat = nat(config().maxMappings(2).build());
        Mapping a = mapped(udpOut(nat, H1, 1, SRV, 53, 0));
        mapped(udpOut(nat, H2, 1, SRV, 53, 0));
        assertEquals(RefuseReason.TABLE_FULL, refused(udpOut(nat, H3, 1, SRV, 53, 0)));
        assertSame(a, mapped(udpOut(nat, H1, 1, SRV, 53, 0)));
    }

    @Test
    void releasedPortIsQuarantinedThenReusable() {
        Nat nat = nat(config().portRange(5000, 5000)
                .quarantine(Duration.ofSeconds(120))
                .build());
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        nat.delete(m.id(), 1_000);
        assertEquals(1, nat.quarantinedPorts());
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H2, 5000, SRV, 53, 120_999)));
        Mapping reused = mapped(udpOut(nat, H2, 5000, SRV, 53, 121_000));
        assertEquals(5000, reused.publicPort());
        assertEquals(0, nat.quarantinedPorts());
    }

    @Test
    void expiredPortAlsoGoesThroughQuarantine() {
        Nat nat = nat(config().portRange(5000, 5000).build());
        mapped(udpOut(nat, H1, 5000, SRV, 53, 0));
        assertEquals(1, nat.expire(300_000).size());
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H2, 5000, SRV, 53, 300_001)));
        mapped(udpOut(nat, H2, 5000, SRV, 53, 420_000));
    }
}
