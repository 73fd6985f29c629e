package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.ArpInspectionTest.arp;
import static io.natflow.nat.openflow.ArpInspectionTest.outPort;
import static io.natflow.nat.openflow.ArpInspectionTest.parse;
import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.OFPort;

/** A reply to a LAN address the router has not learned is resolved by ARP and held (issue 10.3). */
class UnknownLanHostTest {
    static final int SECONDARY = TestPackets.ip("10.0.0.21");
    static final long H1_MAC = ArpInspectionTest.H1_MAC;

    @Test
    void theRouteTableSendsUnknownLanDestinationsToTheControllerNotToTheDefaultRoute() {
        RouterFixture r = new RouterFixture();
        OFFlowAdd lan = flowAdds(r.startMessages, Tables.ROUTE).stream()
                .filter(f -> f.getPriority() == PipelineFlows.P_UNKNOWN_LAN_HOST)
                .findFirst()
                .orElseThrow();
        assertEquals(IPv4AddressWithMask.of("10.0.0.0/24"), lan.getMatch().getMasked(MatchField.IPV4_DST));
        var apply = (OFInstructionApplyActions) lan.getInstructions().get(0);
        assertEquals(OFPort.CONTROLLER, ((OFActionOutput) apply.getActions().get(0)).getPort());
        assertTrue(
                PipelineFlows.P_DEFAULT_ROUTE < lan.getPriority() && lan.getPriority() < PipelineFlows.P_HOST_ROUTE,
                "above the default route, below the host routes");
    }

    @Test
    void aTranslatedPacketForAnUnknownLanHostWaitsForItsArpReply() {
        RouterFixture r = new RouterFixture();
        byte[] reply = TestPackets.udp(SRV, 53, SECONDARY, 5000, 8); // translated by the datapath already
        List<OFMessage> first = fromRouteTable(r, reply.clone(), 0);
        List<OFPacketOut> asks = packetOuts(first);
        assertEquals(
                List.of(OFPort.of(1), OFPort.of(2), OFPort.of(3)),
                asks.stream().map(ArpInspectionTest::outPort).toList(),
                "who-has on every LAN port");
        Frame ask = parse(asks.get(0).getData());
        assertTrue(ask.arp().isRequest());
        assertEquals(SECONDARY, ask.arp().targetIp());
        assertEquals(LAN_IP, ask.arp().senderIp());
        assertTrue(fromRouteTable(r, reply.clone(), 10).isEmpty(), "the second packet waits without asking again");

        // h1 owns the secondary address: its answer installs the routes and releases both packets
        List<OFMessage> answered = arp(r, 1, GeneratedFrames.arpReply(H1_MAC, SECONDARY, ask.arp()), 20);
        assertEquals(2, flowAdds(answered, Tables.ROUTE).size());
        List<OFPacketOut> delivered = packetOuts(answered);
        assertEquals(2, delivered.size());
        for (OFPacketOut out : delivered) {
            assertEquals(OFPort.of(1), outPort(out));
            Frame f = parse(out.getData());
            assertEquals(H1_MAC, f.ethDst());
            assertEquals(ROUTER_MAC, f.ethSrc());
            assertEquals(SECONDARY, f.ipv4().dst());
        }
        assertEquals(0, r.counters.get("drop.NO_ROUTE_YET"));
    }

    @Test
    void anUnansweredAddressIsAskedAgainOnlyAfterItsPacketsExpired() {
        RouterFixture r = new RouterFixture();
        byte[] reply = TestPackets.udp(SRV, 53, SECONDARY, 5000, 8);
        assertEquals(3, packetOuts(fromRouteTable(r, reply.clone(), 0)).size());
        r.router.tick(5_000);
        assertEquals(1, r.counters.get("drop.NO_ROUTE_YET"));
        assertEquals(3, packetOuts(fromRouteTable(r, reply.clone(), 5_100)).size(), "asked again");
    }

    @Test
    void theLansBroadcastAddressIsNoHostToAskFor() {
        RouterFixture r = new RouterFixture();
        assertTrue(fromRouteTable(r, TestPackets.udp(SRV, 53, TestPackets.ip("10.0.0.255"), 5000, 8), 0)
                .isEmpty());
        assertEquals(1, r.counters.get("drop.NOT_A_LAN_HOST"));
    }

    private static List<OFMessage> fromRouteTable(RouterFixture r, byte[] data, long now) {
        return r.router.packetIn(packetIn(4, data, Tables.ROUTE, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), now);
    }
}
