package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.core.UnsolicitedPolicy;
import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/** Decision → messages, Faucet style: the router returns messages and no switch is involved. */
class NatRouterTest {

    @Test
    void startInstallsThePipelineAndAsksForTheGateway() {
        RouterFixture r = new RouterFixture();
        assertTrue(
                flowAdds(r.startMessages, Tables.CLASSIFY).stream()
                        .anyMatch(f -> f.getPriority() == PipelineFlows.P_ARP),
                "ARP to controller");
        assertEquals(
                3,
                flowAdds(r.startMessages, Tables.CLASSIFY).stream()
                        .filter(f -> f.getPriority() == PipelineFlows.P_LAN_TO_ROUTER)
                        .count(),
                "one anti-spoof entry per LAN port");
        List<OFFlowAdd> watch = flowAdds(r.startMessages, Tables.WATCH);
        assertEquals(
                4, watch.size(), "SYNs to the controller, FIN and RST into every megaflow's mask, and the default");
        assertEquals(
                Matches.tcpSynOnly(OF),
                watch.stream()
                        .filter(f -> f.getPriority() == PipelineFlows.P_SYN)
                        .findFirst()
                        .orElseThrow()
                        .getMatch(),
                "SYN set, ACK clear: nothing else of TCP goes up");
        assertEquals(
                List.of(Tables.MISS),
                flowAdds(r.startMessages, Tables.NAT).stream()
                        .map(f -> ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable)
                                        f.getInstructions().get(0))
                                .getTableId())
                        .toList(),
                "NAT's miss goes on to MISS");
        List<OFFlowAdd> miss = flowAdds(r.startMessages, Tables.MISS);
        assertEquals(3, miss.size(), "the tracker lookup, the first datagram's commit, and the rest to the controller");
        assertEquals(
                new io.natflow.controller.codec.ConntrackAction(
                        false, Tables.MISS_CT_ZONE, Tables.NAT.getValue(), List.of()),
                ((OFInstructionApplyActions) miss.get(0).getInstructions().get(0))
                        .getActions()
                        .get(0),
                "unfragmented UDP looks itself up and comes back to NAT");
        List<OFPacketOut> outs = packetOuts(r.startMessages);
        assertEquals(1, outs.size());
        ArpPacket query = parse(outs.get(0).getData()).arp();
        assertEquals(GATEWAY, query.targetIp());
        assertEquals(WAN, ((OFActionOutput) outs.get(0).getActions().get(0)).getPort());
    }

    @Test
    void unknownPortNamesStopStartWithTheirNames() {
        RouterFixture r = new RouterFixture();
        var wrong = List.of(new io.natflow.controller.SwitchPort(1, "eth9", "aa:00:00:00:00:01", false, false));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> r.router.start(wrong, 0));
        assertTrue(e.getMessage().contains("s1-eth4"), e.getMessage());
    }

    @Test
    void answersArpForTheRouterAndLearnsTheHost() {
        RouterFixture r = new RouterFixture();
        byte[] request = GeneratedFrames.arpRequest(TestPackets.MAC_A, H1, LAN_IP);
        List<OFMessage> out = r.router.packetIn(
                packetIn(
                        1,
                        request,
                        Tables.CLASSIFY,
                        org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                0);
        ArpPacket reply = parse(packetOuts(out).get(0).getData()).arp();
        assertTrue(reply.isReply());
        assertEquals(ROUTER_MAC, reply.senderMac());
        assertEquals(LAN_IP, reply.senderIp());
        assertEquals(2, flowAdds(out, Tables.ROUTE).size(), "host route for the learned host, and its same-port twin");
        assertEquals(1, flowAdds(out, Tables.CLASSIFY).size(), "intra-LAN L2 entry for the learned host");
    }

    @Test
    void unsolicitedInboundIsDroppedByDefaultAndRejectedWhenConfigured() {
        RouterFixture drop = new RouterFixture();
        byte[] syn = TestPackets.tcp(SRV, 5555, PUBLIC_IP, 2222, TcpFlags.SYN, 0);
        assertTrue(drop.miss(4, syn.clone(), 0).isEmpty());
        assertEquals(1, drop.counters.get("drop.NO_MAPPING"));

        RouterFixture reject = new RouterFixture(b -> b.unsolicited(UnsolicitedPolicy.REJECT), List.of());
        List<OFPacketOut> outs = packetOuts(reject.miss(4, syn.clone(), 0));
        Ipv4Packet rst = parse(outs.get(0).getData()).ipv4();
        assertEquals(SRV, rst.dst());
        assertEquals(0x14, rst.tcpFlags(), "RST+ACK");

        byte[] udp = TestPackets.udp(SRV, 5555, PUBLIC_IP, 2222, 8);
        Ipv4Packet unreachable =
                parse(packetOuts(reject.miss(4, udp, 0)).get(0).getData()).ipv4();
        assertEquals(IcmpMessage.DESTINATION_UNREACHABLE, icmp(unreachable).type());
        assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, icmp(unreachable).code());
    }

    @Test
    void echoRequestIsTranslatedOnTheSlowPathAndHeldUntilTheGatewayAnswers() {
        RouterFixture r = new RouterFixture();
        byte[] echo = TestPackets.icmpEcho(H1, SRV, IcmpMessage.ECHO_REQUEST, 77, 1, 32);
        List<OFMessage> first = r.miss(1, echo, 0);
        assertTrue(packetOuts(first).isEmpty() || isArp(packetOuts(first).get(0)), "held while the gateway is unknown");

        byte[] gatewayReply = GeneratedFrames.arpReply(
                GATEWAY_MAC,
                GATEWAY,
                parse(GeneratedFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY))
                        .arp());
        List<OFMessage> released = r.router.packetIn(
                packetIn(
                        4,
                        gatewayReply,
                        Tables.CLASSIFY,
                        org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                10);
        assertEquals(1, flowAdds(released, Tables.ROUTE).size(), "default route via the gateway");
        OFPacketOut out = packetOuts(released).get(0);
        Frame sent = parse(out.getData());
        assertEquals(GATEWAY_MAC, sent.ethDst());
        assertEquals(PUBLIC_IP, sent.ipv4().src());
        assertEquals(63, sent.ipv4().ttl());
        assertTrue(TestPackets.icmpValid(out.getData(), 34, out.getData().length - 34));
        Mapping m = r.nat.lookupInternal(Protocol.ICMP, new Endpoint(H1, 77)).orElseThrow();
        assertEquals(m.publicPort(), icmp(sent.ipv4()).identifier());
    }

    @Test
    void portUnreachableFromOutsideReachesTheHostWithTheEmbeddedHeaderTranslated() throws Exception {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        r.miss(1, TestPackets.udp(H1, 5000, SRV, 9999, 8), 0);
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        byte[] sentOut = TestPackets.udp(PUBLIC_IP, m.publicPort(), SRV, 9999, 8);
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.DESTINATION_UNREACHABLE,
                IcmpMessage.CODE_PORT_UNREACHABLE,
                SRV,
                parse(sentOut).ipv4(),
                GATEWAY_MAC,
                ROUTER_MAC);

        OFPacketOut out = packetOuts(r.miss(4, error, 100)).get(0);
        Ipv4Packet delivered = parse(out.getData()).ipv4();
        assertEquals(H1, delivered.dst());
        Ipv4Packet inner = icmp(delivered).embedded();
        assertEquals(H1, inner.src());
        assertEquals(5000, inner.srcPort());
        assertTrue(TestPackets.icmpValid(out.getData(), 34, out.getData().length - 34));
        assertEquals(OFPort.of(1), ((OFActionOutput) out.getActions().get(0)).getPort());
    }

    @Test
    void malformedPacketInsAreCountedAndDropped() {
        RouterFixture r = new RouterFixture();
        byte[] truncated = java.util.Arrays.copyOf(TestPackets.tcp(H1, 1, SRV, 2, TcpFlags.SYN, 0), 40);
        assertTrue(r.miss(1, truncated, 0).isEmpty());
        assertTrue(r.miss(1, new byte[3], 0).isEmpty());
        assertEquals(1, r.counters.get("drop.TRUNCATED_IPV4"));
        assertEquals(1, r.counters.get("drop.TRUNCATED_ETHERNET"));
    }

    @Test
    void aSynGetsTwoFlowsThatTheSwitchCanExpireAndIsSentOnTranslated() {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        List<OFMessage> out = r.syn(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 1_000);

        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        assertTrue(m.heldInSwitch(), "the switch's idle timeouts own the mapping from now on");
        List<OFFlowAdd> flows = flowAdds(out, Tables.NAT);
        assertEquals(2, flows.size());
        for (OFFlowAdd flow : flows) {
            assertEquals(U64.of(m.id()), flow.getCookie(), "cookie names the mapping");
            assertEquals(Set.of(OFFlowModFlags.SEND_FLOW_REM, OFFlowModFlags.RESET_COUNTS), flow.getFlags());
            assertEquals(
                    new io.natflow.controller.codec.FinTimeoutAction(4),
                    actions(flow).get(0),
                    "a FIN or RST lowers the idle timeout to the transitory timer");
        }
        OFFlowAdd outbound = outboundOf(flows);
        assertEquals(TransportPort.of(40000), outbound.getMatch().get(MatchField.TCP_SRC));
        assertEquals(
                List.of(
                        "fin_timeout",
                        "dec_nw_ttl",
                        "ipv4_src=" + IPv4Address.of(PUBLIC_IP),
                        "tcp_src=" + m.publicPort()),
                describe(outbound));
        assertEquals(7440, outbound.getIdleTimeout(), "the opening direction: established timer");
        OFFlowAdd inbound = inboundOf(flows);
        assertEquals(IPv4Address.of(PUBLIC_IP), inbound.getMatch().get(MatchField.IPV4_DST));
        assertEquals(
                List.of("fin_timeout", "dec_nw_ttl", "ipv4_dst=" + IPv4Address.of(H1), "tcp_dst=40000"),
                describe(inbound));
        assertEquals(5, inbound.getIdleTimeout(), "the answer: transitory + 1 s until confirmed");

        OFPacketOut sent = packetOuts(out).get(0);
        assertEquals(
                WAN, ((OFActionOutput) sent.getActions().get(0)).getPort(), "straight out, not back through WATCH");
        Ipv4Packet p = parse(sent.getData()).ipv4();
        assertEquals(PUBLIC_IP, p.src());
        assertEquals(m.publicPort(), p.srcPort());
        assertTrue(out.indexOf(sent) > out.indexOf(flows.get(1)), "packet-out after the flows");
        assertEquals(1, r.counters.get("session_setup"));
    }

    @Test
    void aPacketThatRacedItsFlowsIsSentOnWithoutSendingThemAgain() {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        byte[] data = TestPackets.udp(H1, 5000, SRV, 53, 8);
        r.miss(1, data.clone(), 0);
        List<OFMessage> again = r.miss(1, data.clone(), 10);
        assertTrue(flowAdds(again, Tables.NAT).isEmpty(), "flows sent moments ago are not sent again");
        assertEquals(1, r.counters.get("translated_in_controller"));
        OFPacketOut out = packetOuts(again).get(0);
        assertEquals(WAN, ((OFActionOutput) out.getActions().get(0)).getPort());
        Ipv4Packet sent = parse(out.getData()).ipv4();
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        assertEquals(PUBLIC_IP, sent.src());
        assertEquals(m.publicPort(), sent.srcPort());
        assertEquals(
                TestPackets.l4Checksum(out.getData()), (out.getData()[40] & 0xff) << 8 | (out.getData()[41] & 0xff));

        List<OFMessage> muchLater = r.miss(1, data.clone(), 5_000);
        assertEquals(
                2, flowAdds(muchLater, Tables.NAT).size(), "long after, the switch may have lost them: sent again");
        assertEquals(1, r.counters.get("session_reopened"));
    }

    @Test
    void aSynOnAJustClosedFourTupleReopensTheSession() {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        byte[] syn = TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0);
        List<OFFlowAdd> first = flowAdds(r.syn(1, syn.clone(), 0), Tables.NAT);
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        // the old connection closed in the switch (its flows' idle timeouts fell to 4 s); a new
        // connection from the same port opens before they idle out
        List<OFMessage> reopened = r.syn(1, syn.clone(), 3_000);
        List<OFFlowAdd> flows = flowAdds(reopened, Tables.NAT);
        assertEquals(2, flows.size(), "both flows again: an ADD restores their timeouts and zeroes their counters");
        assertEquals(
                first.stream().map(OFFlowAdd::getMatch).toList(),
                flows.stream().map(OFFlowAdd::getMatch).toList());
        assertEquals(7440, outboundOf(flows).getIdleTimeout());
        assertEquals(5, inboundOf(flows).getIdleTimeout());
        assertEquals(1, packetOuts(reopened).size());
        assertEquals(1, r.counters.get("session_reopened"));
        assertEquals(
                m.id(),
                r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000))
                        .orElseThrow()
                        .id(),
                "same mapping");
        assertTrue(
                flows.stream()
                        .noneMatch(f -> actions(f).get(0) instanceof io.natflow.controller.codec.FinTimeoutAction),
                "no fin_timeout yet: the old connection's last FIN or RST may still be applied to these flows");

        assertTrue(only(r.router.tick(4_000), org.projectfloodlight.openflow.protocol.OFFlowModifyStrict.class)
                .isEmpty());
        var armed = only(r.router.tick(5_000), org.projectfloodlight.openflow.protocol.OFFlowModifyStrict.class);
        assertEquals(
                flows.stream().map(OFFlowAdd::getMatch).toList(),
                armed.stream().map(f -> f.getMatch()).toList());
        for (var modify : armed) {
            var apply = (OFInstructionApplyActions) modify.getInstructions().get(0);
            assertEquals(
                    new io.natflow.controller.codec.FinTimeoutAction(4),
                    apply.getActions().get(0),
                    "a moment later, fin_timeout, with the flows' timeouts and counters kept (MODIFY)");
            assertFalse(modify.getFlags().contains(OFFlowModFlags.RESET_COUNTS));
        }
    }

    @Test
    void aRetransmittedSynGetsAPacketOutButANewSynOnTheSameFourTupleReopens() {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        r.syn(1, synWithSequence(1000), 0);
        List<OFMessage> retransmitted = r.syn(1, synWithSequence(1000), 300);
        assertTrue(flowAdds(retransmitted, Tables.NAT).isEmpty(), "the same SYN again: its flows are on their way");
        assertEquals(1, packetOuts(retransmitted).size());
        assertEquals(1, r.counters.get("translated_in_controller"));
        List<OFMessage> reused = r.syn(1, synWithSequence(99_000), 600);
        assertEquals(
                2, flowAdds(reused, Tables.NAT).size(), "another sequence number: a new connection, moments later");
        assertEquals(1, r.counters.get("session_reopened"));
    }

    private static byte[] synWithSequence(long seq) {
        byte[] syn = TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0);
        int at = 14 + 20 + 4; // Ethernet, IPv4 without options, then source and destination ports
        for (int i = 0; i < 4; i++) {
            syn[at + i] = (byte) (seq >>> (24 - 8 * i));
        }
        return syn; // the TCP checksum is not checked on the way in
    }

    @Test
    void anUnansweredConnectionEndsWhenItsAnswerFlowIdlesOut() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> flows = openH1ToSrv(r);
        long id = flows.get(0).getCookie().getValue();
        List<OFMessage> out = r.idleRemoval(inboundOf(flows), 5, 0, 5_000);
        var strict = only(out, org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict.class);
        assertEquals(
                List.of(outboundOf(flows).getMatch()),
                strict.stream().map(d -> d.getMatch()).toList(),
                "the other flow only: a delete of the gone one would cost the switch a revalidation for nothing");
        assertTrue(r.nat.lookup(id).isEmpty(), "the mapping goes with its last session");
    }

    @Test
    void anIdleEstablishedConnectionGetsItsAnswerFlowBackWithTheEstablishedTimer() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> flows = openH1ToSrv(r);
        long id = flows.get(0).getCookie().getValue();
        List<OFMessage> out = r.idleRemoval(inboundOf(flows), 5, 3, 5_000);
        List<OFFlowAdd> back = flowAdds(out, Tables.NAT);
        assertEquals(1, back.size());
        assertEquals(inboundOf(flows).getMatch(), back.get(0).getMatch());
        assertEquals(7440, back.get(0).getIdleTimeout());
        assertTrue(r.nat.lookup(id).isPresent());
        assertTrue(
                r.router.tick(10L * 7_440_000).stream().noneMatch(OFFlowDelete.class::isInstance),
                "no core timer expires a mapping the switch holds");
        assertTrue(r.nat.lookup(id).isPresent());
    }

    @Test
    void aClosedConnectionEndsWhenAFlowIdlesOutAtTheTransitoryTimer() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> flows = openH1ToSrv(r);
        long id = flows.get(0).getCookie().getValue();
        r.idleRemoval(inboundOf(flows), 5, 3, 5_000); // confirmed first
        List<OFMessage> out = r.idleRemoval(outboundOf(flows), 4, 10, 60_000); // fin_timeout lowered it to 4 s
        assertEquals(
                List.of(inboundOf(flows).getMatch()),
                only(out, org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict.class).stream()
                        .map(d -> d.getMatch())
                        .toList());
        assertTrue(r.nat.lookup(id).isEmpty());
        assertEquals(1, r.counters.get("mapping_removed_by_switch"));
    }

    @Test
    void closingOneOfTwoConnectionsOfAMappingKeepsTheOther() {
        RouterFixture r = new RouterFixture();
        int srv2 = TestPackets.ip("198.51.100.81");
        List<OFFlowAdd> first = openH1ToSrv(r);
        List<OFFlowAdd> second =
                flowAdds(r.syn(1, TestPackets.tcp(H1, 40000, srv2, 80, TcpFlags.SYN, 0), 0), Tables.NAT);
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        assertEquals(first.get(0).getCookie(), second.get(0).getCookie(), "one mapping (EIM), two sessions");

        List<OFMessage> closed = r.idleRemoval(outboundOf(first), 4, 5, 10_000);
        var strict = only(closed, org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict.class);
        assertEquals(
                List.of(inboundOf(first).getMatch()),
                strict.stream().map(d -> d.getMatch()).toList(),
                "the closed session's other flow, exactly");
        assertTrue(only(closed, OFFlowDelete.class).isEmpty(), "the mapping's other session keeps its flows");
        assertTrue(r.nat.lookup(m.id()).isPresent());
        assertTrue(
                r.idleRemoval(inboundOf(first), 4, 5, 10_001).isEmpty(), "the other flow of an ended session: nothing");

        r.idleRemoval(inboundOf(second), 4, 5, 11_000);
        assertTrue(r.nat.lookup(m.id()).isEmpty(), "the last session takes the mapping with it");
    }

    @Test
    void aRefusedHostBacksOffInTheSwitchWhileItsSessionsKeepWorking() {
        RouterFixture r = new RouterFixture(b -> b.perHostQuota(1), List.of());
        r.syn(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        List<OFMessage> refused = r.syn(1, TestPackets.tcp(H1, 40001, SRV, 80, TcpFlags.SYN, 0), 0);
        assertEquals(1, r.counters.get("drop.QUOTA_EXCEEDED"));
        OFFlowAdd backoff = flowAdds(refused, Tables.WATCH).get(0);
        assertTrue(backoff.getPriority() > PipelineFlows.P_SYN, "in WATCH, above the flow that sends SYNs up");
        assertEquals(OutboundRefusal.BACKOFF_SECONDS, backoff.getHardTimeout());
        assertEquals(IPv4Address.of(H1), backoff.getMatch().get(MatchField.IPV4_SRC));
        assertEquals(Matches.tcpSynOnlyFrom(OF, H1), backoff.getMatch(), "only its new connections: SYN without ACK");
        assertTrue(backoff.getInstructions().isEmpty(), "drop");
        // The refused packet is not sent on; the sender is told (RFC 5508 REQ-8), out the port it came in.
        assertEquals(1, packetOuts(refused).size());
        OFPacketOut told = packetOuts(refused).get(0);
        assertEquals(OFPort.of(1), ((OFActionOutput) told.getActions().get(0)).getPort());
        Ipv4Packet error = parse(told.getData()).ipv4();
        assertEquals(H1, error.dst());
        assertEquals(IcmpMessage.CODE_ADMIN_PROHIBITED, icmp(error).code());

        RouterFixture udp = new RouterFixture(b -> b.perHostQuota(1), List.of());
        udp.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0);
        OFFlowAdd udpBackoff = flowAdds(udp.miss(1, TestPackets.udp(H1, 5001, SRV, 53, 8), 0), Tables.NAT)
                .get(0);
        assertTrue(udpBackoff.getPriority() < SessionFlows.PRIORITY, "in NAT, below the host's existing session flows");
    }

    @Test
    void idleRemovalOfTheLastSessionFreesTheMapping() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> flows = flowAdds(r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0), Tables.NAT);
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        assertEquals(300, outboundOf(flows).getIdleTimeout());
        assertEquals(301, inboundOf(flows).getIdleTimeout());

        List<OFMessage> answerIdle = r.idleRemoval(inboundOf(flows), 301, 0, 301_000);
        assertEquals(
                List.of(inboundOf(flows).getMatch()),
                flowAdds(answerIdle, Tables.NAT).stream()
                        .map(OFFlowAdd::getMatch)
                        .toList(),
                "the answer direction idled out alone: it comes back, the sender still refreshes the mapping");
        assertTrue(r.nat.lookup(m.id()).isPresent());

        List<OFMessage> out = r.idleRemoval(outboundOf(flows), 300, 7, 400_000);
        assertEquals(1, out.size(), "the session's other flow is deleted");
        assertFalse(r.nat.lookup(m.id()).isPresent());
    }

    /** h1:40000 sends a SYN to srv:80 at time 0; the session's two flows. */
    private static List<OFFlowAdd> openH1ToSrv(RouterFixture r) {
        return flowAdds(r.syn(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0), Tables.NAT);
    }

    private static OFFlowAdd outboundOf(List<OFFlowAdd> flows) {
        return flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).getInt() == H1)
                .findFirst()
                .orElseThrow();
    }

    private static OFFlowAdd inboundOf(List<OFFlowAdd> flows) {
        return flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_DST).getInt() == PUBLIC_IP)
                .findFirst()
                .orElseThrow();
    }

    private static List<org.projectfloodlight.openflow.protocol.action.OFAction> actions(OFFlowAdd flow) {
        return ((OFInstructionApplyActions) flow.getInstructions().get(0)).getActions();
    }

    private static RouterFixture learnH1AndGateway(RouterFixture r) {
        var action = org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION;
        r.router.packetIn(
                packetIn(
                        1,
                        GeneratedFrames.arpRequest(TestPackets.MAC_A, H1, LAN_IP),
                        Tables.CLASSIFY,
                        action,
                        Tables.STATIC_COOKIE),
                0);
        r.router.packetIn(
                packetIn(
                        4,
                        GeneratedFrames.arpReply(
                                GATEWAY_MAC,
                                GATEWAY,
                                parse(GeneratedFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY))
                                        .arp()),
                        Tables.CLASSIFY,
                        action,
                        Tables.STATIC_COOKIE),
                0);
        return r;
    }

    private static boolean isArp(OFPacketOut out) {
        return parse(out.getData()).isArp();
    }

    private static List<String> describe(OFFlowAdd flow) {
        var apply = (OFInstructionApplyActions) flow.getInstructions().get(0);
        return apply.getActions().stream()
                .map(a -> a instanceof OFActionSetField set
                        ? set.getField().getMatchField().getName() + "="
                                + set.getField().getValue()
                        : a instanceof io.natflow.controller.codec.FinTimeoutAction ? "fin_timeout" : "dec_nw_ttl")
                .toList();
    }

    private static Frame parse(byte[] bytes) {
        try {
            return Frame.parse(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static IcmpMessage icmp(Ipv4Packet p) {
        try {
            return p.icmp();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
