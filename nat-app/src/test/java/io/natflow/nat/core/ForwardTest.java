package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.ForwardRule.AddressForward;
import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardTest {
    private static final int STATIC_PUB = Ipv4.parse("203.0.113.50");

    private static ForwardConflict conflict(ForwardResult r) {
        return assertInstanceOf(ForwardResult.Conflict.class, r).reason();
    }

    @Test
    void singlePortForwardTranslatesInboundFromAnyoneAndRepliesUseIt() {
        Nat nat = nat();
        PortForward web = PortForward.single(Protocol.TCP, ep(PUB1, 8080), ep(H3, 80));
        assertInstanceOf(ForwardResult.Added.class, nat.addForward(web, 0));
        InboundDecision d = nat.translateInbound(InboundPacket.tcp(ep(SRV, 33333), ep(PUB1, 8080), TcpFlags.SYN), 1);
        Mapping m = admitted(d);
        assertEquals(ep(H3, 80), m.internal());
        assertEquals(Origin.FORWARD, m.origin());
        assertEquals(TcpState.OPENING_INBOUND, m.tcpState());
        Mapping reply = mapped(
                nat.translateOutbound(OutboundPacket.tcp(ep(H3, 80), ep(SRV, 33333), TcpFlags.SYN | TcpFlags.ACK), 2));
        assertSame(m, reply);
        assertEquals(TcpState.ESTABLISHED, m.tcpState());
        admitted(nat.translateInbound(InboundPacket.tcp(ep(SRV2, 1), ep(PUB1, 8080), TcpFlags.ACK), 3));
    }

    @Test
    void rangeForwardMapsPortsOneToOne() {
        Nat nat = nat();
        nat.addForward(new PortForward(Protocol.UDP, PUB1, 30000, H3, 40000, 100), 0);
        Mapping m = admitted(udpIn(nat, SRV, 9, ep(PUB1, 30042), 0));
        assertEquals(ep(H3, 40042), m.internal());
    }

    @Test
    void forwardedPortsAreNeverHandedOutDynamically() {
        Nat nat = nat(config().portRange(5000, 5009).build());
        nat.addForward(new PortForward(Protocol.UDP, PUB1, 5000, H3, 5000, 5), 0);
        for (int i = 0; i < 5; i++) {
            int port = mapped(udpOut(nat, H1, 5000 + i, SRV, 53, 0)).publicPort();
            assertTrue(port >= 5005, "got forwarded port " + port);
        }
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H2, 1, SRV, 53, 0)));
    }

    @Test
    void conflictsAreTypedAndChangeNothing() {
        Nat nat = nat();
        Mapping live = mapped(udpOut(nat, H1, 7000, SRV, 53, 0));
        PortForward first = new PortForward(Protocol.UDP, PUB1, 8000, H3, 8000, 10);
        nat.addForward(first, 0);
        assertEquals(
                ForwardConflict.OVERLAPS_FORWARD,
                conflict(nat.addForward(new PortForward(Protocol.UDP, PUB1, 8009, H2, 1, 5), 0)));
        assertEquals(
                ForwardConflict.OVERLAPS_MAPPING,
                conflict(nat.addForward(new PortForward(Protocol.UDP, PUB1, 6998, H2, 1, 5), 0)));
        assertEquals(
                ForwardConflict.INTERNAL_ENDPOINT_TAKEN,
                conflict(nat.addForward(new PortForward(Protocol.UDP, PUB1, 9000, H3, 8005, 1), 0)));
        assertEquals(
                ForwardConflict.NOT_A_PUBLIC_ADDRESS,
                conflict(nat.addForward(PortForward.single(Protocol.UDP, ep(SRV, 1), ep(H2, 1)), 0)));
        assertEquals(
                ForwardConflict.INVALID,
                conflict(nat.addForward(new PortForward(Protocol.UDP, PUB1, 65535, H2, 1, 2), 0)));
        nat.delete(live.id(), 1);
        assertEquals(
                ForwardConflict.PORT_IN_QUARANTINE,
                conflict(nat.addForward(PortForward.single(Protocol.UDP, ep(PUB1, 7000), ep(H2, 1)), 1)));
        assertEquals(List.of(first), nat.forwards());
        // the failed range left 6998.. free for dynamic use
        assertEquals(6998, mapped(udpOut(nat, H2, 6998, SRV, 53, 2)).publicPort());
    }

    @Test
    void removeForwardReturnsItsSessionsAndFreesThePortsAfterQuarantine() {
        Nat nat = nat(config().portRange(5000, 5000).build());
        PortForward f = PortForward.single(Protocol.UDP, ep(PUB1, 5000), ep(H3, 53));
        nat.addForward(f, 0);
        Mapping s = admitted(udpIn(nat, SRV, 9, ep(PUB1, 5000), 0));
        assertEquals(List.of(s), nat.removeForward(f, 10).orElseThrow());
        assertTrue(nat.removeForward(f, 10).isEmpty());
        assertEquals(0, nat.size());
        assertEquals(RefuseReason.PORTS_EXHAUSTED, refused(udpOut(nat, H1, 1, SRV, 53, 11)));
        assertEquals(5000, mapped(udpOut(nat, H1, 1, SRV, 53, 120_010)).publicPort());
    }

    @Test
    void staticAddressMappingWorksBothWaysForAllProtocols() {
        Nat nat = nat();
        assertEquals(ForwardConflict.ADDRESS_IN_POOL, conflict(nat.addForward(new AddressForward(PUB1, H3), 0)));
        assertInstanceOf(ForwardResult.Added.class, nat.addForward(new AddressForward(STATIC_PUB, H3), 0));
        assertTrue(nat.isPublicAddress(STATIC_PUB));
        Mapping out = mapped(udpOut(nat, H3, 4444, SRV, 53, 0));
        assertEquals(ep(STATIC_PUB, 4444), out.publicEndpoint());
        Mapping in = admitted(nat.translateInbound(InboundPacket.icmpReply(SRV, STATIC_PUB, 99), 1));
        assertEquals(ep(H3, 99), in.internal());
        assertEquals(0, nat.hostMappings(H3), "static sessions do not use the quota");
        assertEquals(
                2,
                nat.removeForward(new AddressForward(STATIC_PUB, H3), 2)
                        .orElseThrow()
                        .size());
        assertEquals(DropReason.NOT_PUBLIC_ADDRESS, dropped(udpIn(nat, SRV, 53, ep(STATIC_PUB, 4444), 3)));
    }

    @Test
    void staticAddressConflictsWithHostThatHasDynamicMappings() {
        Nat nat = nat();
        mapped(udpOut(nat, H3, 4444, SRV, 53, 0));
        assertEquals(ForwardConflict.OVERLAPS_MAPPING, conflict(nat.addForward(new AddressForward(STATIC_PUB, H3), 0)));
    }
}
