package io.natflow.nat.core;

import static io.natflow.nat.core.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 6888 REQ-5: sessions per mapping and per host are bounded; nothing live is evicted. */
class SessionLimitsTest {

    /** Opens {@code n} sessions on {@code m} the way the switch layer does: admit, then report. */
    private static void open(Nat nat, Mapping m, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(Optional.empty(), nat.admitSession(m), "session " + (i + 1) + " of " + n);
            nat.sessionOpened(m.id());
        }
    }

    @Test
    void aMappingAtItsLimitRefusesTheNextSessionAndKeepsItsOwn() {
        Nat nat = nat(config().perMappingSessions(3).build());
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 1, 0));
        open(nat, m, 3);
        assertEquals(Optional.of(RefuseReason.SESSIONS_PER_MAPPING), nat.admitSession(m));
        assertEquals(3, m.sessions());
        assertSame(m, nat.lookup(m.id()).orElseThrow(), "the full mapping lives on");

        nat.sessionsClosed(m.id(), 1);
        assertEquals(Optional.empty(), nat.admitSession(m), "a closed session makes room");
        Mapping other = mapped(udpOut(nat, H1, 5001, SRV, 1, 0));
        assertEquals(Optional.empty(), nat.admitSession(other), "the host's other mappings have their own room");
    }

    @Test
    void aHostAtItsLimitGetsNoNewSessionNorMappingAndOtherHostsAreUnaffected() {
        Nat nat = nat(config().perHostSessions(4).perMappingSessions(100).build());
        Mapping a = mapped(udpOut(nat, H1, 5000, SRV, 1, 0));
        Mapping b = mapped(udpOut(nat, H1, 5001, SRV, 1, 0));
        open(nat, a, 3);
        open(nat, b, 1);
        assertEquals(4, nat.hostSessions(H1));
        assertEquals(Optional.of(RefuseReason.SESSIONS_PER_HOST), nat.admitSession(a));
        assertEquals(Optional.of(RefuseReason.SESSIONS_PER_HOST), nat.admitSession(b));

        int free = nat.freePorts(Protocol.UDP, PUB1, 0);
        assertEquals(RefuseReason.SESSIONS_PER_HOST, refused(udpOut(nat, H1, 5002, SRV, 1, 0)));
        assertEquals(2, nat.size(), "no mapping created for a session that could not open");
        assertEquals(free, nat.freePorts(Protocol.UDP, PUB1, 0), "no port taken");
        assertSame(a, mapped(udpOut(nat, H1, 5000, SRV2, 1, 0)), "an existing mapping still translates");

        Mapping h2 = mapped(udpOut(nat, H2, 5000, SRV, 1, 0));
        open(nat, h2, 4);
        assertEquals(0, nat.hostSessions(H3));
    }

    @Test
    void aRemovedMappingTakesItsSessionsOffTheHostsCount() {
        Nat nat = nat(config().perHostSessions(4).build());
        Mapping a = mapped(udpOut(nat, H1, 5000, SRV, 1, 0));
        Mapping b = mapped(udpOut(nat, H1, 5001, SRV, 1, 0));
        open(nat, a, 3);
        open(nat, b, 1);
        nat.delete(a.id(), 1);
        assertEquals(1, nat.hostSessions(H1));
        nat.sessionsClosed(a.id(), 3); // the switch layer forgets the gone mapping's sessions: no double count
        assertEquals(1, nat.hostSessions(H1));
        open(nat, b, 3);
        assertEquals(Optional.of(RefuseReason.SESSIONS_PER_HOST), nat.admitSession(b));

        for (Mapping expired : nat.expire(Long.MAX_VALUE / 2)) {
            nat.sessionsClosed(expired.id(), expired.sessions());
        }
        assertEquals(0, nat.hostSessions(H1));
        open(nat, mapped(udpOut(nat, H1, 5003, SRV, 1, Long.MAX_VALUE / 2)), 4);
    }

    @Test
    void forwardSessionsAreBoundedPerMappingNotCountedForTheHost() {
        Nat nat = nat(config().perHostSessions(2).perMappingSessions(3).build());
        nat.addForward(PortForward.single(Protocol.TCP, ep(PUB1, 8080), ep(H3, 80)), 0);
        Mapping web =
                admitted(nat.translateInbound(InboundPacket.tcp(ep(SRV, 40000), ep(PUB1, 8080), TcpFlags.SYN), 0));
        open(nat, web, 3);
        assertEquals(Optional.of(RefuseReason.SESSIONS_PER_MAPPING), nat.admitSession(web));
        assertEquals(0, nat.hostSessions(H3));
        open(nat, mapped(udpOut(nat, H3, 6000, SRV, 1, 0)), 2); // the server's own outbound sessions
    }

    @Test
    void closingMoreThanWasOpenNeverGoesNegative() {
        Nat nat = nat(config().perHostSessions(2).build());
        Mapping m = mapped(udpOut(nat, H1, 5000, SRV, 1, 0));
        open(nat, m, 1);
        nat.sessionsClosed(m.id(), 5);
        assertEquals(0, m.sessions());
        assertEquals(0, nat.hostSessions(H1));
        nat.sessionsClosed(424242, 1); // unknown mapping: nothing
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(
                IllegalArgumentException.class,
                () -> config().perHostSessions(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> config().perMappingSessions(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> config().refusalReply(null).build());
    }
}
