package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.LeasePolicy;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.packet.TestPackets;
import io.natflow.nat.pcp.Answer;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.types.OFPort;

/** The router's PCP/NAT-PMP port end to end through {@link NatRouter}: packet-in in, packet-out out. */
class PcpRouterTest {
    @RegisterExtension
    final MappingLogLines log = new MappingLogLines();

    private static RouterFixture leasing() {
        return new RouterFixture(
                b -> b.leases(new LeasePolicy(true, List.of(new LeasePolicy.PortRange(5000, 5009)), 60, 4)), List.of());
    }

    private static byte[] datagramToRouter(int src, int sport, byte[] payload) {
        byte[] f = TestPackets.udp(src, sport, LAN_IP, 5351, payload.length);
        System.arraycopy(payload, 0, f, 42, payload.length);
        put16(f, 40, TestPackets.l4Checksum(f));
        return f;
    }

    private static byte[] natPmpMap(int internalPort, int suggested, int lifetime) {
        return ByteBuffer.allocate(12)
                .put((byte) 0)
                .put((byte) 2)
                .putShort((short) 0)
                .putShort((short) internalPort)
                .putShort((short) suggested)
                .putInt(lifetime)
                .array();
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static Frame frame(OFPacketOut out) throws MalformedPacketException {
        return Frame.parse(out.getData());
    }

    @Test
    void theFirstStartMulticastsAnAnnounceOnEveryLanPort() throws MalformedPacketException {
        RouterFixture r = leasing();
        List<OFPacketOut> announces = packetOuts(r.startMessages).stream()
                .filter(o -> o.getData().length > 42 && u16(o.getData(), 36) == 5350)
                .toList();
        assertEquals(3, announces.size());
        Frame f = frame(announces.get(0));
        assertEquals(0xe0000001, f.ipv4().dst());
        assertEquals(1, f.ipv4().ttl());
        assertEquals(0x80, f.bytes()[43] & 0xff); // ANNOUNCE response
        assertTrue(
                packetOuts(r.router.start(ports(), 10_000)).stream()
                        .noneMatch(o -> o.getData().length > 42 && u16(o.getData(), 36) == 5350),
                "reconnect: same epoch");
        assertTrue(
                packetOuts(new RouterFixture().startMessages).stream()
                        .noneMatch(o -> o.getData().length > 42 && u16(o.getData(), 36) == 5350),
                "off by default");
    }

    @Test
    void aNatPmpMapIsAnsweredOutTheInPortLoggedAndExpiredWithItsSessions() throws MalformedPacketException {
        RouterFixture r = leasing();
        List<OFMessage> out = r.miss(2, datagramToRouter(H1, 40000, natPmpMap(5000, 5000, 30)), 1_000);
        OFPacketOut reply = packetOuts(out).get(0);
        assertEquals(OFPort.of(2), ((OFActionOutput) reply.getActions().get(0)).getPort());
        Frame f = frame(reply);
        assertEquals(LAN_IP, f.ipv4().src());
        assertEquals(H1, f.ipv4().dst());
        assertEquals(5351, f.ipv4().srcPort());
        assertEquals(40000, f.ipv4().dstPort());
        assertEquals(TestPackets.MAC_A, f.ethDst());
        assertEquals(TestPackets.l4Checksum(f.bytes()), u16(f.bytes(), 40));
        assertEquals(0, u16(f.bytes(), 42 + 2)); // SUCCESS
        assertEquals(5000, u16(f.bytes(), 42 + 10)); // the public port
        assertEquals(1, r.counters.get(Answer.Request.NATPMP_MAP_TCP));
        assertEquals(1, r.counters.get(Answer.Result.NATPMP_SUCCESS));
        assertEquals(1, r.nat.leases().size());
        assertTrue(
                log.lines()
                        .get(0)
                        .startsWith("event=created switch=1 id=- proto=TCP internal=10.0.0.11:5000 "
                                + "public=203.0.113.1:5000 remote=any origin=NATPMP expires_at=31000"),
                log.lines().toString());

        // a session through the lease, then its time is up: forward, session and flows go
        r.syn(4, TestPackets.tcp(SRV, 33000, PUBLIC_IP, 5000, 0x02, 0), 2_000);
        assertEquals(1, r.nat.size());
        List<OFMessage> expired = r.router.tick(31_000);
        assertTrue(r.nat.leases().isEmpty());
        assertEquals(0, r.nat.size());
        assertEquals(1, only(expired, OFFlowDelete.class).size());
        assertEquals(1, r.counters.get("lease_expired"));
        assertTrue(
                log.lines().stream().anyMatch(l -> l.contains("origin=NATPMP reason=LEASE_EXPIRED")),
                log.lines().toString());
    }

    @Test
    void withLeasesOffThePortIsTheRoutersLikeAnyOther() {
        RouterFixture r = new RouterFixture();
        assertTrue(r.miss(1, datagramToRouter(H1, 40000, natPmpMap(5000, 5000, 30)), 1_000)
                .isEmpty());
        assertEquals(1, r.counters.get("drop.TO_ROUTER_NOT_ECHO"));
    }

    @Test
    void aLyingUdpLengthIsDroppedAndCounted() {
        RouterFixture r = leasing();
        byte[] f = datagramToRouter(H1, 40000, natPmpMap(5000, 5000, 30));
        put16(f, 38, 200);
        assertTrue(r.miss(1, f, 1_000).isEmpty());
        assertEquals(1, r.counters.get("drop.PCP_BAD_UDP_LENGTH"));
        assertTrue(r.nat.leases().isEmpty());
    }
}
