package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.TransportPort;

/** Session limits in the switch: one socket to many remotes, one host with many sockets. */
class SessionLimitRouterTest {
    private static final int LIMIT = 5;

    @Test
    void oneSocketToManyRemotesGetsItsLimitOfSessionsAndTheRestBackOff() {
        RouterFixture r = new RouterFixture(b -> b.perMappingSessions(LIMIT), List.of());
        for (int port = 1; port <= LIMIT; port++) {
            assertEquals(
                    2,
                    flowAdds(r.miss(1, TestPackets.udp(H1, 5000, SRV, port, 8), 0), Tables.NAT)
                            .size());
        }
        List<OFMessage> refused = r.miss(1, TestPackets.udp(H1, 5000, SRV, LIMIT + 1, 8), 0);
        assertEquals(1, r.counters.get("drop.SESSIONS_PER_MAPPING"));
        assertTrue(
                refused.stream().noneMatch(m -> m instanceof OFFlowDelete || m instanceof OFFlowDeleteStrict),
                "no live session is evicted");
        OFFlowAdd backoff = flowAdds(refused, Tables.NAT).get(0);
        assertEquals(1, flowAdds(refused, Tables.NAT).size(), "no session flows, only the backoff");
        assertEquals(SessionFlows.BACKOFF_PRIORITY, backoff.getPriority());
        assertEquals(IPv4Address.of(H1), backoff.getMatch().get(MatchField.IPV4_SRC));
        assertEquals(
                TransportPort.of(5000), backoff.getMatch().get(MatchField.UDP_SRC), "only the full endpoint backs off");
        Ipv4Packet told = parse(packetOuts(refused).get(0).getData()).ipv4();
        assertEquals(IcmpMessage.CODE_ADMIN_PROHIBITED, icmpCode(told));
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        assertEquals(LIMIT, m.sessions());
        assertEquals(LIMIT, r.router.sessionCount());

        // The host's other socket, and a known session of the full one, still work.
        assertEquals(
                2,
                flowAdds(r.miss(1, TestPackets.udp(H1, 5001, SRV, 1, 8), 0), Tables.NAT)
                        .size());
        assertEquals(
                2,
                flowAdds(r.miss(1, TestPackets.udp(H1, 5000, SRV, 1, 8), 5_000), Tables.NAT)
                        .size(),
                "a packet of a known session that missed long after its flows were sent gets them again");
    }

    @Test
    void aClosedSessionMakesRoomOnTheMapping() {
        RouterFixture r = new RouterFixture(b -> b.perMappingSessions(2), List.of());
        int srv2 = TestPackets.ip("198.51.100.81");
        int srv3 = TestPackets.ip("198.51.100.82");
        List<OFFlowAdd> first = flowAdds(r.syn(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0), Tables.NAT);
        r.syn(1, TestPackets.tcp(H1, 40000, srv2, 80, TcpFlags.SYN, 0), 0); // same mapping (EIM)
        r.syn(1, TestPackets.tcp(H1, 40000, srv3, 80, TcpFlags.SYN, 0), 0);
        assertEquals(1, r.counters.get("drop.SESSIONS_PER_MAPPING"));
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        // SRV's connection closed: its flows idled out at the transitory timeout fin_timeout set (4 s)
        OFFlowAdd toSrv = first.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_DST).getInt() == SRV)
                .findFirst()
                .orElseThrow();
        r.idleRemoval(toSrv, 4, 6, 5_000);
        assertEquals(1, m.sessions());
        assertEquals(
                2,
                flowAdds(r.syn(1, TestPackets.tcp(H1, 40000, srv3, 80, TcpFlags.SYN, 0), 5_500), Tables.NAT)
                        .size());
        assertEquals(2, m.sessions());
        assertEquals(m, r.nat.lookup(m.id()).orElseThrow());
    }

    @Test
    void aHostAtItsLimitIsRefusedNewMappingsWhileOtherHostsGoOn() {
        RouterFixture r = new RouterFixture(b -> b.perHostSessions(LIMIT), List.of());
        for (int i = 0; i < LIMIT; i++) {
            r.syn(1, TestPackets.tcp(H1, 40000 + i, SRV, 80, TcpFlags.SYN, 0), 0);
        }
        List<OFMessage> refused = r.syn(1, TestPackets.tcp(H1, 40100, SRV, 80, TcpFlags.SYN, 0), 0);
        assertEquals(1, r.counters.get("drop.SESSIONS_PER_HOST"));
        assertEquals(LIMIT, r.nat.size(), "no mapping for the refused connection");
        OFFlowAdd backoff = flowAdds(refused, Tables.WATCH).get(0); // TCP SYNs come up from WATCH
        assertEquals(IPv4Address.of(H1), backoff.getMatch().get(MatchField.IPV4_SRC));
        assertEquals(null, backoff.getMatch().get(MatchField.TCP_SRC), "the whole host backs off");
        assertEquals(
                2,
                flowAdds(r.syn(2, TestPackets.tcp(H2, 40100, SRV, 80, TcpFlags.SYN, 0), 0), Tables.NAT)
                        .size());
    }

    @Test
    void sessionsFromOutsideOnAFullMappingAreDroppedQuietly() {
        RouterFixture r = new RouterFixture(
                b -> b.perMappingSessions(1).filtering(io.natflow.nat.core.FilteringMode.ENDPOINT_INDEPENDENT),
                List.of());
        r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0);
        int pub = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000))
                .orElseThrow()
                .publicPort();
        List<OFMessage> in = r.miss(4, TestPackets.udp(TestPackets.ip("198.51.100.99"), 7, PUBLIC_IP, pub, 8), 0);
        assertTrue(in.isEmpty(), "no flows, no reply, no backoff of a remote");
        assertEquals(1, r.counters.get("drop.SESSIONS_PER_MAPPING"));
    }

    private static int icmpCode(Ipv4Packet p) {
        try {
            return p.icmp().code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Frame parse(byte[] bytes) {
        try {
            return Frame.parse(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
