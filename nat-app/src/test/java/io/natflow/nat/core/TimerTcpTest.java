package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static io.natflow.nat.core.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimerTcpTest {
    private static final Endpoint IN = ep(H1, 40000);
    private static final Endpoint SERVER = ep(SRV, 80);

    private static Mapping out(Nat nat, int flags, long now) {
        return mapped(nat.translateOutbound(OutboundPacket.tcp(IN, SERVER, flags), now));
    }

    private static InboundDecision in(Nat nat, Mapping m, int flags, long now) {
        return nat.translateInbound(InboundPacket.tcp(SERVER, m.publicEndpoint(), flags), now);
    }

    @Test
    void synOnlyIsTransitoryHandshakeMakesItEstablished() {
        Nat nat = nat();
        Mapping m = out(nat, SYN, 0);
        assertEquals(TcpState.OPENING_OUTBOUND, m.tcpState());
        assertEquals(240_000, m.expiresAt());
        admitted(in(nat, m, SYN | ACK, 10));
        assertEquals(TcpState.ESTABLISHED, m.tcpState());
        assertEquals(10 + 7_440_000, m.expiresAt());
    }

    @Test
    void finBothWaysGoesTransitoryAndStaleReturnTrafficIsRefusedAfterwards() {
        Nat nat = nat();
        Mapping m = out(nat, SYN, 0);
        in(nat, m, SYN | ACK, 1);
        out(nat, ACK, 2);
        out(nat, FIN | ACK, 100);
        assertEquals(TcpState.FIN_OUTBOUND, m.tcpState());
        assertEquals(100 + 7_440_000, m.expiresAt(), "half-closed keeps the established timer");
        admitted(in(nat, m, FIN | ACK, 200));
        assertEquals(TcpState.CLOSING, m.tcpState());
        assertEquals(200 + 240_000, m.expiresAt());
        // without expire() having run, stale return traffic past the deadline is refused
        assertEquals(DropReason.NO_MAPPING, dropped(in(nat, m, ACK, 240_200)));
        List<Mapping> expired = nat.expire(240_201);
        assertEquals(List.of(m), expired, "the lazily found expiry is still reported once");
        assertTrue(nat.expire(10_000_000).isEmpty());
    }

    @Test
    void rstMakesItTransitory() {
        Nat nat = nat();
        Mapping m = out(nat, SYN, 0);
        in(nat, m, SYN | ACK, 1);
        in(nat, m, RST, 50);
        assertEquals(TcpState.RESET, m.tcpState());
        assertEquals(50 + 240_000, m.expiresAt());
    }

    @Test
    void newSynAfterCloseReopens() {
        Nat nat = nat();
        Mapping m = out(nat, SYN, 0);
        in(nat, m, RST, 1);
        out(nat, SYN, 2);
        assertEquals(TcpState.OPENING_OUTBOUND, m.tcpState());
    }

    @Test
    void expireReturnsExactlyTheDueMappingsPerProtocolTimer() {
        Nat nat = nat();
        Mapping udp = mapped(udpOut(nat, H1, 1000, SRV, 53, 0));
        Mapping icmp = mapped(nat.translateOutbound(OutboundPacket.icmpQuery(H1, 7, SRV), 0));
        Mapping tcp = out(nat, SYN, 0);
        assertEquals(List.of(icmp), nat.expire(60_000));
        assertTrue(nat.expire(239_999).isEmpty());
        assertEquals(List.of(tcp), nat.expire(240_000));
        udpOut(nat, H1, 1000, SRV, 53, 250_000); // outbound refresh
        assertTrue(nat.expire(300_000).isEmpty());
        assertEquals(List.of(udp), nat.expire(550_000));
        assertEquals(0, nat.size());
    }

    @Test
    void customTimersAreHonoured() {
        Nat nat = nat(config().udpTimeout(java.time.Duration.ofSeconds(30)).build());
        Mapping m = mapped(udpOut(nat, H1, 1000, SRV, 53, 0));
        assertEquals(30_000, m.expiresAt());
    }

    @Test
    void clockGoingBackIsTreatedAsNow() {
        Nat nat = nat();
        Mapping m = mapped(udpOut(nat, H1, 1000, SRV, 53, 1_000_000));
        mapped(udpOut(nat, H1, 1000, SRV, 53, 5));
        assertEquals(1_000_000 + 300_000, m.expiresAt());
    }
}
