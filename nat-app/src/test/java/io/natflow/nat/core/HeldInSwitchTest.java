package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static io.natflow.nat.core.TcpFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A mapping whose idleness the switch owns has no timer of its own: only delete ends it. */
class HeldInSwitchTest {
    private static final Endpoint IN = ep(H1, 40000);
    private static final Endpoint SERVER = ep(SRV, 80);

    @Test
    void heldMappingOutlivesEveryTimerUntilDeleted() {
        Nat nat = nat();
        Mapping tcp = mapped(nat.translateOutbound(OutboundPacket.tcp(IN, SERVER, SYN), 0));
        Mapping udp = mapped(nat.translateOutbound(OutboundPacket.udp(ep(H1, 5353), SERVER), 0));
        assertTrue(nat.holdInSwitch(tcp.id(), 0));
        assertTrue(nat.holdInSwitch(udp.id(), 0));
        assertTrue(tcp.heldInSwitch());
        assertEquals(Long.MAX_VALUE, tcp.expiresAt());

        long later = 10 * 7_440_000L;
        assertTrue(nat.expire(later).isEmpty(), "no idle timer runs for held mappings");
        assertSame(tcp, mapped(nat.translateOutbound(OutboundPacket.tcp(IN, SERVER, RST), later)));
        assertEquals(TcpState.RESET, tcp.tcpState(), "the state machine still follows what it is shown");
        assertTrue(tcp.heldInSwitch(), "a packet does not put it back on a timer");
        assertTrue(nat.expire(later + 240_001).isEmpty());

        assertTrue(nat.delete(tcp.id(), later).isPresent());
        assertFalse(tcp.heldInSwitch());
        assertEquals(1, nat.size());
    }

    @Test
    void unknownMappingCannotBeHeld() {
        assertFalse(nat().holdInSwitch(42, 0));
    }
}
