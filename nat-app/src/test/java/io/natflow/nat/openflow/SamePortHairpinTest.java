package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.ArpInspectionTest.learn;
import static io.natflow.nat.openflow.ArpInspectionTest.outPort;
import static io.natflow.nat.openflow.ArpInspectionTest.parse;
import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.FilteringMode;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;

/** Hairpin back to the host it came from: OVS outputs to the input port only as IN_PORT (issue 10.4). */
class SamePortHairpinTest {

    @Test
    void aLearnedHostGetsARouteThatOutputsToInPortForPacketsThatCameFromItsOwnPort() {
        RouterFixture r = new RouterFixture();
        List<OFMessage> learned = r.router.packetIn(
                packetIn(
                        1,
                        io.natflow.nat.packet.GeneratedFrames.arpRequest(ArpInspectionTest.H1_MAC, H1, LAN_IP),
                        Tables.CLASSIFY,
                        org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                0);
        OFFlowAdd same = flowAdds(learned, Tables.ROUTE).stream()
                .filter(f -> f.getPriority() == PipelineFlows.P_HOST_ROUTE_SAME_PORT)
                .findFirst()
                .orElseThrow();
        assertEquals(OFPort.of(1), same.getMatch().get(MatchField.IN_PORT));
        assertEquals(H1, same.getMatch().get(MatchField.IPV4_DST).getInt());
        var actions = ((OFInstructionApplyActions) same.getInstructions().get(0)).getActions();
        assertEquals(OFPort.IN_PORT, ((OFActionOutput) actions.get(actions.size() - 1)).getPort());
        OFFlowAdd other = flowAdds(learned, Tables.ROUTE).stream()
                .filter(f -> f.getPriority() == PipelineFlows.P_HOST_ROUTE)
                .findFirst()
                .orElseThrow();
        var otherActions = ((OFInstructionApplyActions) other.getInstructions().get(0)).getActions();
        assertEquals(OFPort.of(1), ((OFActionOutput) otherActions.get(otherActions.size() - 1)).getPort());
        assertTrue(same.getPriority() > other.getPriority());
    }

    @Test
    void aHairpinBetweenTwoSocketsOfOneHostIsSentBackOutOfItsPort() {
        RouterFixture r = new RouterFixture(b -> b.filtering(FilteringMode.ENDPOINT_INDEPENDENT), List.of());
        learn(r, 1, H1, ArpInspectionTest.H1_MAC);
        r.miss(1, TestPackets.udp(H1, 41000, SRV, 7000, 8), 0);
        Mapping a = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 41000)).orElseThrow();
        List<OFMessage> out = r.miss(1, TestPackets.udp(H1, 41001, PUBLIC_IP, a.publicPort(), 8), 10);
        OFPacketOut sent = packetOuts(out).get(0);
        assertEquals(OFPort.CONTROLLER, sent.getInPort(), "from the controller, port 1 is not the input port");
        assertEquals(OFPort.of(1), outPort(sent));
        Frame f = parse(sent.getData());
        assertEquals(PUBLIC_IP, f.ipv4().src());
        assertEquals(H1, f.ipv4().dst());
        assertEquals(41000, f.ipv4().dstPort());
    }

    @Test
    void pingingTheNatsOwnPublicAddressFromTheLanIsAnswered() {
        RouterFixture r = new RouterFixture();
        List<OFMessage> out = r.miss(1, TestPackets.icmpEcho(H1, PUBLIC_IP, IcmpMessage.ECHO_REQUEST, 77, 1, 16), 0);
        List<OFPacketOut> sent = packetOuts(out);
        assertEquals(1, sent.size(), out.toString());
        assertEquals(OFPort.of(1), outPort(sent.get(0)));
        Frame reply = parse(sent.get(0).getData());
        assertEquals(PUBLIC_IP, reply.ipv4().src());
        assertEquals(H1, reply.ipv4().dst());
        assertEquals(IcmpMessage.ECHO_REPLY, icmpType(reply));
        assertEquals(0, r.nat.size(), "the router answers itself; no ICMP mapping");
    }

    private static int icmpType(Frame f) {
        try {
            return f.ipv4().icmp().type();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
