package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreTest {
    private static MappingRecord udp(long id, Endpoint in, Endpoint pub, long lastUsed) {
        return new MappingRecord(id, Protocol.UDP, in, pub, List.of(ep(SRV, 53)), 0, lastUsed, TcpState.NONE);
    }

    @Test
    void roundTripRebuildsAnEquivalentTable() {
        Nat before = nat();
        List<MappingRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            mapped(udpOut(before, H1 + i, 1000 + i, SRV, 53, i));
        }
        mapped(before.translateOutbound(OutboundPacket.tcp(ep(H1, 9), ep(SRV, 80), TcpFlags.SYN), 60));
        before.forEachMapping(m -> records.add(m.toRecord()));

        Nat after = nat();
        RestoreReport report = after.restore(records, 100);
        assertEquals(List.of(), report.problems());
        assertEquals(51, after.size());
        for (MappingRecord r : records) {
            Mapping m = after.lookup(r.id()).orElseThrow();
            assertEquals(r.publicEndpoint(), m.publicEndpoint());
            assertEquals(r.lastUsed() + (r.protocol() == Protocol.TCP ? 240_000 : 300_000), m.expiresAt());
            assertSame(m, admitted(udpOrTcpIn(after, m)));
        }
        // new mappings neither reuse ids nor ports
        Mapping fresh = mapped(udpOut(after, H1 + 100, 1, SRV2, 53, 200));
        assertTrue(records.stream()
                .noneMatch(
                        r -> r.protocol() == Protocol.UDP && r.publicEndpoint().equals(fresh.publicEndpoint())));
        assertTrue(records.stream().allMatch(r -> r.id() != fresh.id()));
    }

    private static InboundDecision udpOrTcpIn(Nat nat, Mapping m) {
        return nat.translateInbound(
                new InboundPacket(
                        m.protocol(),
                        m.protocol() == Protocol.TCP ? ep(SRV, 80) : ep(SRV, 53),
                        m.publicEndpoint(),
                        TcpFlags.ACK),
                150);
    }

    @Test
    void duplicatesAndConflictsAreReportedNotMerged() {
        Nat nat = nat(config().perHostQuota(2).build());
        MappingRecord a = udp(1, ep(H1, 1000), ep(PUB1, 2000), 0);
        List<MappingRecord> in = List.of(
                a,
                a, // exact duplicate
                udp(1, ep(H2, 1000), ep(PUB1, 2001), 0), // id taken
                udp(2, ep(H1, 1000), ep(PUB1, 2002), 0), // internal taken
                udp(3, ep(H2, 1000), ep(PUB1, 2000), 0), // public taken
                udp(4, ep(H2, 1001), ep(SRV, 2000), 0), // not ours
                udp(5, ep(H2, 1002), ep(PUB1, 80), 0), // out of dynamic range
                udp(6, ep(H1, 1003), ep(PUB1, 2003), 0),
                udp(7, ep(H1, 1004), ep(PUB1, 2004), 0), // quota of 2
                new MappingRecord(8, Protocol.UDP, ep(H3, 1), ep(PUB1, 3000), List.of(), 0, 0, TcpState.ESTABLISHED));
        RestoreReport report = nat.restore(in, 10);
        assertEquals(2, report.restored().size());
        assertEquals(
                List.of(
                        RestoreError.DUPLICATE,
                        RestoreError.ID_CONFLICT,
                        RestoreError.INTERNAL_CONFLICT,
                        RestoreError.PUBLIC_CONFLICT,
                        RestoreError.NOT_PUBLIC_ADDRESS,
                        RestoreError.PORT_OUT_OF_RANGE,
                        RestoreError.QUOTA_EXCEEDED,
                        RestoreError.INVALID),
                report.problems().stream().map(RestoreReport.Problem::error).toList());
    }

    @Test
    void pairingConflictIsReported() {
        Nat nat = nat(NatConfig.builder(PUB1, PUB2).build());
        RestoreReport r =
                nat.restore(List.of(udp(1, ep(H1, 1), ep(PUB1, 2000), 0), udp(2, ep(H1, 2), ep(PUB2, 2000), 0)), 0);
        assertEquals(RestoreError.PAIRING_CONFLICT, r.problems().get(0).error());
    }

    @Test
    void staleRestoredMappingIsExpiredNextTime() {
        Nat nat = nat();
        RestoreReport r = nat.restore(List.of(udp(9, ep(H1, 1), ep(PUB1, 2000), 0)), 1_000_000);
        assertEquals(1, r.restored().size());
        assertEquals(r.restored(), nat.expire(1_000_000));
    }
}
