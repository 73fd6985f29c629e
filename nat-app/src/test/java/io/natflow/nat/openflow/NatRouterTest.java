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
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.RouterFrames;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
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
        assertTrue(flowAdds(r.startMessages, Tables.CLASSIFY).stream()
                .anyMatch(f -> f.getPriority() == PipelineFlows.P_ARP), "ARP to controller");
        assertEquals(3, flowAdds(r.startMessages, Tables.CLASSIFY).stream()
                .filter(f -> f.getPriority() == PipelineFlows.P_LAN_TO_ROUTER).count(), "one anti-spoof entry per LAN port");
        assertEquals(3, flowAdds(r.startMessages, Tables.WATCH).size(), "RST and FIN copies and the default");
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
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> r.router.start(wrong, 0));
        assertTrue(e.getMessage().contains("s1-eth4"), e.getMessage());
    }

    @Test
    void answersArpForTheRouterAndLearnsTheHost() {
        RouterFixture r = new RouterFixture();
        byte[] request = RouterFrames.arpRequest(TestPackets.MAC_A, H1, LAN_IP);
        List<OFMessage> out = r.router.packetIn(packetIn(1, request, Tables.CLASSIFY,
                org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION, Tables.STATIC_COOKIE), 0);
        ArpPacket reply = parse(packetOuts(out).get(0).getData()).arp();
        assertTrue(reply.isReply());
        assertEquals(ROUTER_MAC, reply.senderMac());
        assertEquals(LAN_IP, reply.senderIp());
        assertEquals(1, flowAdds(out, Tables.ROUTE).size(), "host route for the learned host");
        assertEquals(1, flowAdds(out, Tables.CLASSIFY).size(), "intra-LAN L2 entry for the learned host");
    }

    @Test
    void newOutboundTcpConnectionGetsTwoFlowsAndThePacketResubmitted() {
        RouterFixture r = new RouterFixture();
        byte[] syn = TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0);
        List<OFMessage> out = r.miss(1, syn, 1_000);

        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        List<OFFlowAdd> flows = flowAdds(out, Tables.NAT);
        assertEquals(2, flows.size());
        for (OFFlowAdd flow : flows) {
            assertEquals(U64.of(m.id()), flow.getCookie(), "cookie names the mapping");
            assertTrue(flow.getFlags().contains(OFFlowModFlags.SEND_FLOW_REM));
            assertTrue(flow.getIdleTimeout() >= 7440, "TCP flows idle out no earlier than the core");
        }
        OFFlowAdd outbound = flows.stream().filter(f -> f.getMatch().get(MatchField.IPV4_SRC).getInt() == H1).findFirst().orElseThrow();
        assertEquals(TransportPort.of(40000), outbound.getMatch().get(MatchField.TCP_SRC));
        assertEquals(List.of("dec_nw_ttl", "ipv4_src=" + IPv4Address.of(PUBLIC_IP), "tcp_src=" + m.publicPort()),
                describe(outbound));
        OFFlowAdd inbound = flows.stream().filter(f -> f.getMatch().get(MatchField.IPV4_SRC).getInt() == SRV).findFirst().orElseThrow();
        assertEquals(IPv4Address.of(PUBLIC_IP), inbound.getMatch().get(MatchField.IPV4_DST));
        assertEquals(List.of("dec_nw_ttl", "ipv4_dst=" + IPv4Address.of(H1), "tcp_dst=40000"), describe(inbound));

        OFPacketOut resubmit = packetOuts(out).get(0);
        assertEquals(OFPort.of(1), resubmit.getInPort());
        assertEquals(OFPort.TABLE, ((OFActionOutput) resubmit.getActions().get(0)).getPort());
        assertTrue(out.indexOf(resubmit) > out.indexOf(flows.get(1)), "packet-out after the flows");
    }

    @Test
    void aPacketThatMissesAgainIsTranslatedHereNotResubmitted() {
        RouterFixture r = learnH1AndGateway(new RouterFixture());
        byte[] data = TestPackets.udp(H1, 5000, SRV, 53, 8);
        r.miss(1, data.clone(), 0);
        List<OFMessage> again = r.miss(1, data.clone(), 10);
        assertEquals(2, flowAdds(again, Tables.NAT).size(), "flows re-sent");
        OFPacketOut out = packetOuts(again).get(0);
        assertEquals(WAN, ((OFActionOutput) out.getActions().get(0)).getPort(), "straight out, not to TABLE");
        Ipv4Packet sent = parse(out.getData()).ipv4();
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        assertEquals(PUBLIC_IP, sent.src());
        assertEquals(m.publicPort(), sent.srcPort());
        assertEquals(TestPackets.l4Checksum(out.getData()), (out.getData()[40] & 0xff) << 8 | (out.getData()[41] & 0xff));
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
        Ipv4Packet unreachable = parse(packetOuts(reject.miss(4, udp, 0)).get(0).getData()).ipv4();
        assertEquals(IcmpMessage.DESTINATION_UNREACHABLE, icmp(unreachable).type());
        assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, icmp(unreachable).code());
    }

    @Test
    void echoRequestIsTranslatedOnTheSlowPathAndHeldUntilTheGatewayAnswers() {
        RouterFixture r = new RouterFixture();
        byte[] echo = TestPackets.icmpEcho(H1, SRV, IcmpMessage.ECHO_REQUEST, 77, 1, 32);
        List<OFMessage> first = r.miss(1, echo, 0);
        assertTrue(packetOuts(first).isEmpty() || isArp(packetOuts(first).get(0)), "held while the gateway is unknown");

        byte[] gatewayReply = RouterFrames.arpReply(GATEWAY_MAC, GATEWAY,
                parse(RouterFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY)).arp());
        List<OFMessage> released = r.router.packetIn(packetIn(4, gatewayReply, Tables.CLASSIFY,
                org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION, Tables.STATIC_COOKIE), 10);
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
        byte[] error = RouterFrames.icmpError(IcmpMessage.DESTINATION_UNREACHABLE, IcmpMessage.CODE_PORT_UNREACHABLE,
                SRV, parse(sentOut).ipv4(), GATEWAY_MAC, ROUTER_MAC);

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
    void answeringTrafficSeenInFlowCountersEstablishesTcp() {
        RouterFixture r = new RouterFixture();
        List<OFMessage> flows = r.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        assertEquals(io.natflow.nat.core.TcpState.OPENING_OUTBOUND, m.tcpState());
        OFFlowAdd inbound = flowAdds(flows, Tables.NAT).stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).getInt() == SRV).findFirst().orElseThrow();
        var entry = OF.buildFlowStatsEntry().setTableId(Tables.NAT).setCookie(inbound.getCookie())
                .setPriority(inbound.getPriority()).setMatch(inbound.getMatch()).setInstructions(inbound.getInstructions())
                .setPacketCount(org.projectfloodlight.openflow.types.U64.of(3))
                .setByteCount(org.projectfloodlight.openflow.types.U64.of(300)).build();
        assertEquals(1, r.router.refresh(List.of(OF.buildFlowStatsReply().setEntries(List.of(entry)).build()), 1_000));
        assertEquals(io.natflow.nat.core.TcpState.ESTABLISHED, r.nat.lookup(m.id()).orElseThrow().tcpState());
        assertTrue(r.nat.lookup(m.id()).orElseThrow().expiresAt() > 7_000_000, "established timer, not transitory");
    }

    @Test
    void aRefusedHostBacksOffInTheSwitchWhileItsSessionsKeepWorking() {
        RouterFixture r = new RouterFixture(b -> b.perHostQuota(1), List.of());
        r.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        List<OFMessage> refused = r.miss(1, TestPackets.tcp(H1, 40001, SRV, 80, TcpFlags.SYN, 0), 0);
        assertEquals(1, r.counters.get("drop.QUOTA_EXCEEDED"));
        OFFlowAdd backoff = flowAdds(refused, Tables.NAT).get(0);
        assertEquals(SessionFlows.BACKOFF_PRIORITY, backoff.getPriority());
        assertTrue(backoff.getPriority() < SessionFlows.PRIORITY, "below the host's existing session flows");
        assertEquals(OutboundRefusal.BACKOFF_SECONDS, backoff.getHardTimeout());
        assertEquals(IPv4Address.of(H1), backoff.getMatch().get(MatchField.IPV4_SRC));
        assertTrue(backoff.getInstructions().isEmpty(), "drop");
        // The refused packet is not sent on; the sender is told (RFC 5508 REQ-8), out the port it came in.
        OFPacketOut told = packetOuts(refused).get(0);
        assertEquals(1, packetOuts(refused).size());
        assertEquals(OFPort.of(1), ((OFActionOutput) told.getActions().get(0)).getPort());
        Ipv4Packet error = parse(told.getData()).ipv4();
        assertEquals(LAN_IP, error.src());
        assertEquals(H1, error.dst());
        assertEquals(IcmpMessage.DESTINATION_UNREACHABLE, icmp(error).type());
        assertEquals(IcmpMessage.CODE_ADMIN_PROHIBITED, icmp(error).code());

        RouterFixture silent = new RouterFixture(b -> b.perHostQuota(1)
                .refusalReply(io.natflow.nat.core.RefusalReply.DROP), List.of());
        silent.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        List<OFMessage> dropped = silent.miss(1, TestPackets.tcp(H1, 40001, SRV, 80, TcpFlags.SYN, 0), 0);
        assertEquals(1, flowAdds(dropped, Tables.NAT).size(), "backoff");
        assertTrue(packetOuts(dropped).isEmpty(), "refusalReply drop: nothing is sent");
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
    void closedConnectionExpiresAndItsFlowsAreDeleted() {
        RouterFixture r = new RouterFixture();
        r.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        long id = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow().id();
        // the WATCH table copies the RST to the controller
        r.router.packetIn(packetIn(4, TestPackets.tcp(SRV, 80, PUBLIC_IP, 40000, TcpFlags.RST, 0), Tables.WATCH,
                org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION, Tables.WATCH_COOKIE), 1_000);
        assertTrue(r.router.tick(2_000).stream().noneMatch(OFFlowDelete.class::isInstance), "not before the transitory timer");
        List<OFFlowDelete> deletes = only(r.router.tick(6_000), OFFlowDelete.class);
        assertEquals(1, deletes.size());
        assertEquals(U64.of(id), deletes.get(0).getCookie());
        assertEquals(U64.NO_MASK, deletes.get(0).getCookieMask());
        assertTrue(r.nat.lookup(id).isEmpty());
    }

    @Test
    void closingOneOfTwoConnectionsOfAMappingKeepsTheOther() {
        RouterFixture r = new RouterFixture();
        int srv2 = TestPackets.ip("198.51.100.81");
        List<OFMessage> flows = new java.util.ArrayList<>(r.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0));
        flows.addAll(r.miss(1, TestPackets.tcp(H1, 40000, srv2, 80, TcpFlags.SYN, 0), 0)); // same mapping (EIM)
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        // both servers answered: the counter reading establishes the connection in the core
        var entries = flowAdds(flows, Tables.NAT).stream().map(f -> OF.buildFlowStatsEntry().setTableId(Tables.NAT)
                .setCookie(f.getCookie()).setPriority(f.getPriority()).setMatch(f.getMatch())
                .setInstructions(f.getInstructions()).setPacketCount(U64.of(2)).setByteCount(U64.of(120)).build()).toList();
        r.router.refresh(List.of(OF.buildFlowStatsReply().setEntries(entries).build()), 500);
        assertEquals(io.natflow.nat.core.TcpState.ESTABLISHED, r.nat.lookup(m.id()).orElseThrow().tcpState());
        int pub = m.publicPort();
        var action = org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION;
        // FIN both ways on the connection to SRV only
        r.router.packetIn(packetIn(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.FIN | TcpFlags.ACK, 0), Tables.WATCH,
                action, Tables.WATCH_COOKIE), 1_000);
        r.router.packetIn(packetIn(4, TestPackets.tcp(SRV, 80, PUBLIC_IP, pub, TcpFlags.FIN | TcpFlags.ACK, 0),
                Tables.WATCH, action, Tables.WATCH_COOKIE), 1_100);

        assertTrue(r.router.tick(2_000).stream().noneMatch(o -> o instanceof OFFlowDelete
                || o instanceof org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict), "not before the transitory timer");
        List<OFMessage> closed = r.router.tick(5_200);
        List<org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict> strict =
                only(closed, org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict.class);
        assertEquals(2, strict.size(), "both flows of the closed session, exactly");
        assertTrue(strict.stream().allMatch(d -> d.getMatch().get(MatchField.IPV4_SRC).getInt() == SRV
                || d.getMatch().get(MatchField.IPV4_DST).getInt() == SRV));
        assertTrue(only(closed, OFFlowDelete.class).isEmpty(), "the mapping's other session keeps its flows");
        assertTrue(r.nat.lookup(m.id()).isPresent());
        assertEquals(io.natflow.nat.core.TcpState.ESTABLISHED, r.nat.lookup(m.id()).get().tcpState(),
                "the core never saw the closed connection's FINs");

        // The last connection resets: now the core decides, and the whole mapping goes.
        r.router.packetIn(packetIn(4, TestPackets.tcp(srv2, 80, PUBLIC_IP, pub, TcpFlags.RST, 0), Tables.WATCH,
                action, Tables.WATCH_COOKIE), 6_000);
        List<OFFlowDelete> byCookie = only(r.router.tick(11_000), OFFlowDelete.class);
        assertEquals(1, byCookie.size());
        assertEquals(U64.of(m.id()), byCookie.get(0).getCookie());
        assertTrue(r.nat.lookup(m.id()).isEmpty());
    }

    @Test
    void idleRemovalOfTheLastSessionFreesTheMapping() {
        RouterFixture r = new RouterFixture();
        r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0);
        Mapping m = r.nat.lookupInternal(Protocol.UDP, new Endpoint(H1, 5000)).orElseThrow();
        var removed = OF.buildFlowRemoved()
                .setCookie(U64.of(m.id()))
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT)
                .setTableId(Tables.NAT)
                .setMatch(only(r.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0), OFFlowAdd.class).get(0).getMatch())
                .build();
        long later = m.expiresAt() + 1;
        List<OFMessage> out = r.router.flowRemoved(removed, later);
        assertEquals(2, out.size(), "both flows of the session are deleted");
        assertFalse(r.nat.lookup(m.id()).isPresent());
    }

    private static RouterFixture learnH1AndGateway(RouterFixture r) {
        var action = org.projectfloodlight.openflow.protocol.OFPacketInReason.ACTION;
        r.router.packetIn(packetIn(1, RouterFrames.arpRequest(TestPackets.MAC_A, H1, LAN_IP), Tables.CLASSIFY, action,
                Tables.STATIC_COOKIE), 0);
        r.router.packetIn(packetIn(4, RouterFrames.arpReply(GATEWAY_MAC, GATEWAY,
                parse(RouterFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY)).arp()), Tables.CLASSIFY, action,
                Tables.STATIC_COOKIE), 0);
        return r;
    }

    private static boolean isArp(OFPacketOut out) {
        return parse(out.getData()).isArp();
    }

    private static List<String> describe(OFFlowAdd flow) {
        var apply = (OFInstructionApplyActions) flow.getInstructions().get(0);
        return apply.getActions().stream().map(a -> a instanceof OFActionSetField set
                ? set.getField().getMatchField().getName() + "=" + set.getField().getValue()
                : "dec_nw_ttl").toList();
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
