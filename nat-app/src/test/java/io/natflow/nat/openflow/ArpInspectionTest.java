package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** ARP inspection: what a managed switch does before it believes an ARP (issue 10.2). */
class ArpInspectionTest {
    static final long H1_MAC = 0x0200_0a00_000bL;
    static final long H3_MAC = 0x0200_0a00_000dL;
    static final int H3 = TestPackets.ip("10.0.0.13");
    static final long BROADCAST = GeneratedFrames.BROADCAST_MAC;

    @Test
    void aSenderMacThatIsNoHostsMacIsDroppedAndTeachesNothing() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, H1_MAC);
        long[] invalid = {BROADCAST, 0x0100_5e00_0001L, 0L, ROUTER_MAC};
        for (long mac : invalid) {
            List<OFMessage> out = arp(r, 3, TestPackets.arp(ArpPacket.REPLY, mac, mac, H1, 0, H1, BROADCAST), 10);
            assertTrue(out.isEmpty(), "neither learned nor relayed: " + out);
        }
        assertEquals(invalid.length, r.counters.get("drop.ARP_SENDER_MAC_INVALID"));
        assertEquals(H1_MAC, hostRouteMac(r, H1), "h1's route still points at h1");
    }

    @Test
    void aSenderMacThatDiffersFromTheEthernetSourceIsDropped() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, H1_MAC);
        List<OFMessage> out =
                arp(r, 3, TestPackets.arp(ArpPacket.REPLY, H3_MAC, 0x0200_0a00_0099L, H1, 0, H1, BROADCAST), 10);
        assertTrue(out.isEmpty(), out.toString());
        assertEquals(1, r.counters.get("drop.ARP_SENDER_MAC_MISMATCH"));
        assertEquals(H1_MAC, hostRouteMac(r, H1));
    }

    @Test
    void aLanClaimOfTheRoutersAddressIsNotRelayedButAnsweredWithTheTruth() {
        RouterFixture r = new RouterFixture();
        byte[] gratuitous = TestPackets.arp(ArpPacket.REPLY, H3_MAC, H3_MAC, LAN_IP, BROADCAST, LAN_IP, BROADCAST);
        List<OFMessage> out = arp(r, 3, gratuitous, 10);
        assertEquals(1, r.counters.get("drop.ARP_CLAIMS_ROUTER_ADDRESS"));
        List<OFPacketOut> sent = packetOuts(out);
        assertEquals(1, sent.size(), "one answer, nothing relayed: " + out);
        assertEquals(OFPort.of(3), outPort(sent.get(0)), "back to the claimant only");
        Frame truth = parse(sent.get(0).getData());
        assertEquals(H3_MAC, truth.ethDst());
        assertEquals(ArpPacket.REPLY, truth.arp().operation());
        assertEquals(LAN_IP, truth.arp().senderIp());
        assertEquals(ROUTER_MAC, truth.arp().senderMac());
        assertTrue(flowAdds(out, Tables.ROUTE).isEmpty()
                && flowAdds(out, Tables.CLASSIFY).isEmpty());

        // the same as a request asking a neighbour: not relayed either
        byte[] asking = TestPackets.arp(ArpPacket.REQUEST, H3_MAC, H3_MAC, LAN_IP, 0, H1, BROADCAST);
        assertEquals(
                List.of(OFPort.of(3)),
                packetOuts(arp(r, 3, asking, 20)).stream()
                        .map(ArpInspectionTest::outPort)
                        .toList());

        // a claim of the public address on the LAN: refused, not announced (that address lives on the WAN)
        byte[] publicClaim =
                TestPackets.arp(ArpPacket.REPLY, H3_MAC, H3_MAC, PUBLIC_IP, BROADCAST, PUBLIC_IP, BROADCAST);
        assertTrue(arp(r, 3, publicClaim, 30).isEmpty());
        assertEquals(3, r.counters.get("drop.ARP_CLAIMS_ROUTER_ADDRESS"));
    }

    @Test
    void aWanClaimOfAPublicAddressIsAnnouncedBackAtMostOncePerDefendInterval() {
        RouterFixture r = new RouterFixture();
        long other = 0x0200_cb00_7199L;
        byte[] claim = TestPackets.arp(ArpPacket.REQUEST, other, other, PUBLIC_IP, 0, PUBLIC_IP, BROADCAST);
        List<OFPacketOut> first = packetOuts(arp(r, 4, claim, 1_000));
        assertEquals(1, first.size());
        Frame truth = parse(first.get(0).getData());
        assertEquals(BROADCAST, truth.ethDst());
        assertEquals(PUBLIC_IP, truth.arp().senderIp());
        assertEquals(ROUTER_MAC, truth.arp().senderMac());
        assertTrue(packetOuts(arp(r, 4, claim, 1_000 + ArpService.DEFEND_INTERVAL_MILLIS - 1))
                .isEmpty());
        assertEquals(
                1,
                packetOuts(arp(r, 4, claim, 1_000 + ArpService.DEFEND_INTERVAL_MILLIS))
                        .size());
        assertEquals(3, r.counters.get("drop.ARP_CLAIMS_ROUTER_ADDRESS"));
    }

    @Test
    void anotherHostClaimingABoundAddressIsRefusedWhenTheOwnerAnswersTheProbe() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, H1_MAC);
        List<OFMessage> claim = arp(r, 3, TestPackets.arp(ArpPacket.REPLY, H3_MAC, H3_MAC, H1, 0, H1, BROADCAST), 100);
        assertEquals(1, r.counters.get("drop.ARP_BINDING_CONFLICT"));
        assertTrue(flowAdds(claim, Tables.ROUTE).isEmpty(), "the binding does not move on the claim");
        OFPacketOut probe = packetOuts(claim).get(0);
        assertEquals(1, packetOuts(claim).size(), "the claim is not relayed");
        assertEquals(OFPort.of(1), outPort(probe), "the probe goes to the current binding's port");
        Frame asked = parse(probe.getData());
        assertEquals(H1_MAC, asked.ethDst(), "unicast to the current binding's MAC");
        assertTrue(asked.arp().isRequest());
        assertEquals(H1, asked.arp().targetIp());

        // h1 answers the probe: the claim is void, and nothing moves when its time is up
        arp(r, 1, GeneratedFrames.arpReply(H1_MAC, H1, asked.arp()), 200);
        assertEquals(1, r.counters.get("arp.claim_refused"));
        List<OFMessage> later = r.router.tick(100 + ArpService.PROBE_MILLIS + 1_000);
        assertTrue(
                flowAdds(later, Tables.ROUTE).isEmpty()
                        && only(later, OFFlowDeleteStrict.class).isEmpty(),
                later.toString());
        assertEquals(H1_MAC, hostRouteMac(r, H1));
    }

    @Test
    void aHostThatMovedIsRebornAtItsNewMacAndPortWhenTheOldBindingStaysSilent() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, H1_MAC);
        long newMac = 0x0200_0a00_00abL;
        arp(r, 2, TestPackets.arp(ArpPacket.REQUEST, newMac, newMac, H1, 0, LAN_IP, BROADCAST), 100);
        arp(r, 2, TestPackets.arp(ArpPacket.REQUEST, newMac, newMac, H1, 0, LAN_IP, BROADCAST), 600);
        assertEquals(2, r.counters.get("drop.ARP_BINDING_CONFLICT"), "claims wait, and only one probe is sent");
        assertTrue(r.router.tick(100 + ArpService.PROBE_MILLIS - 1).stream().noneMatch(OFFlowAdd.class::isInstance));

        List<OFMessage> moved = r.router.tick(100 + ArpService.PROBE_MILLIS);
        assertEquals(1, r.counters.get("arp.host_moved"));
        List<OFFlowDeleteStrict> deletes = only(moved, OFFlowDeleteStrict.class);
        assertEquals(2, deletes.size(), "old MAC's L2 flow and old port's same-port route: " + deletes);
        assertTrue(deletes.stream()
                .anyMatch(d -> d.getTableId().equals(Tables.CLASSIFY)
                        && MacAddress.of(H1_MAC).equals(d.getMatch().get(MatchField.ETH_DST))));
        assertTrue(deletes.stream()
                .anyMatch(d -> d.getTableId().equals(Tables.ROUTE)
                        && OFPort.of(1).equals(d.getMatch().get(MatchField.IN_PORT))));
        assertEquals(newMac, routeMac(flowAdds(moved, Tables.ROUTE).get(0)));
        assertTrue(flowAdds(moved, Tables.ROUTE).stream()
                .allMatch(f -> !f.getMatch().isExact(MatchField.IN_PORT)
                        || OFPort.of(2).equals(f.getMatch().get(MatchField.IN_PORT))));
        // from now on the host at its new place is simply known: its ARP is answered
        List<OFMessage> answered =
                arp(r, 2, TestPackets.arp(ArpPacket.REQUEST, newMac, newMac, H1, 0, LAN_IP, BROADCAST), 3_000);
        assertEquals(newMac, parse(packetOuts(answered).get(0).getData()).arp().targetMac());
    }

    @Test
    void senderAddressesNoLanHostMayHaveAreDropped() {
        RouterFixture r = new RouterFixture();
        int[] invalid = {TestPackets.ip("10.0.0.255"), TestPackets.ip("10.0.0.0"), TestPackets.ip("192.0.2.7")};
        for (int ip : invalid) {
            assertTrue(arp(r, 3, TestPackets.arp(ArpPacket.REQUEST, H3_MAC, H3_MAC, ip, 0, H1, BROADCAST), 0)
                    .isEmpty());
        }
        assertEquals(invalid.length, r.counters.get("drop.ARP_SENDER_IP_INVALID"));
    }

    @Test
    void aProbeIsRelayedAndTeachesNothingAValidAnnouncementIsRelayed() {
        RouterFixture r = new RouterFixture();
        byte[] probe = TestPackets.arp(ArpPacket.REQUEST, H3_MAC, H3_MAC, 0, 0, H3, BROADCAST);
        List<OFMessage> out = arp(r, 3, probe, 0);
        assertEquals(
                List.of(OFPort.of(1), OFPort.of(2)),
                packetOuts(out).stream().map(ArpInspectionTest::outPort).toList());
        assertTrue(flowAdds(out, Tables.ROUTE).isEmpty(), "RFC 5227 probe: sender 0.0.0.0 is nobody");

        byte[] announcement = TestPackets.arp(ArpPacket.REPLY, H3_MAC, H3_MAC, H3, BROADCAST, H3, BROADCAST);
        out = arp(r, 3, announcement, 10);
        assertEquals(2, flowAdds(out, Tables.ROUTE).size(), "learned");
        assertEquals(
                List.of(OFPort.of(1), OFPort.of(2)),
                packetOuts(out).stream().map(ArpInspectionTest::outPort).toList());
    }

    static void learn(RouterFixture r, int port, int ip, long mac) {
        arp(r, port, TestPackets.arp(ArpPacket.REQUEST, mac, mac, ip, 0, LAN_IP, BROADCAST), 0);
    }

    static List<OFMessage> arp(RouterFixture r, int port, byte[] frame, long now) {
        return r.router.packetIn(
                packetIn(port, frame, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), now);
    }

    /** The eth_dst the route of {@code ip} sets, from the flows the router would reinstall on a reconnect. */
    private static long hostRouteMac(RouterFixture r, int ip) {
        return flowAdds(r.router.start(ports(), 0), Tables.ROUTE).stream()
                .filter(f -> f.getMatch().isExact(MatchField.IPV4_DST)
                        && f.getMatch().get(MatchField.IPV4_DST).getInt() == ip)
                .map(ArpInspectionTest::routeMac)
                .findFirst()
                .orElseThrow();
    }

    private static long routeMac(OFFlowAdd route) {
        var apply = (OFInstructionApplyActions) route.getInstructions().get(0);
        return apply.getActions().stream()
                .filter(OFActionSetField.class::isInstance)
                .map(OFActionSetField.class::cast)
                .filter(s -> s.getField().getMatchField() == MatchField.ETH_DST)
                .map(s -> ((MacAddress) s.getField().getValue()).getLong())
                .findFirst()
                .orElseThrow();
    }

    static OFPort outPort(OFPacketOut out) {
        return ((OFActionOutput) out.getActions().get(0)).getPort();
    }

    static Frame parse(byte[] bytes) {
        try {
            return Frame.parse(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
