package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.TestPackets;
import io.natflow.nat.rules.Direction;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PortRange;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import io.natflow.nat.rules.VirtualServerSessions;
import io.natflow.nat.service.NatEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/** A virtual server in the router: its rule flows, a new connection's session, its end, list edits. */
class VirtualServerRouterTest {
    static final int VIP = TestPackets.ip("203.0.113.80");
    static final int H3 = TestPackets.ip("10.0.0.13");
    static final long H1_MAC = 0x0200_0000_0011L;
    static final long H2_MAC = 0x0200_0000_0012L;
    static final RuleMatch INBOUND = new RuleMatch(
            Direction.INBOUND,
            Prefix.ANY,
            Prefix.ANY,
            PortRange.ANY,
            PortRange.ANY,
            RuleProtocol.TCP,
            null,
            null,
            false);
    static final NatRule.VirtualServer FARM = new NatRule.VirtualServer(
            10,
            INBOUND,
            Set.of(),
            "farm",
            RuleProtocol.TCP,
            VIP,
            80,
            List.of(new NatRule.VirtualServer.Server(H1, 8080), new NatRule.VirtualServer.Server(H2, 8080)),
            NatRule.VirtualServer.Scheduler.ROUND_ROBIN);
    static final NatRule MASQ =
            RouterConfig.defaultRules(TestPackets.ip("10.0.0.0"), 24).at(0);

    final NatCounters counters = new NatCounters();
    NatRouter router;
    List<OFMessage> start;

    void build(List<NatRule> rules) {
        NatConfig nat = NatConfig.builder(PUBLIC_IP).build();
        RouterConfig config = new RouterConfig(
                1L,
                TestPackets.ip("10.0.0.0"),
                24,
                LAN_IP,
                ROUTER_MAC,
                List.of("s1-eth1", "s1-eth2", "s1-eth3"),
                "s1-eth4",
                GATEWAY,
                nat,
                List.of(),
                Duration.ofSeconds(1),
                PacketInLimits.DEFAULTS,
                Routes.NONE,
                RuleList.of(rules));
        router = new NatRouter(config, new Nat(nat), OF, counters);
        start = router.start(ports(), 0);
        learn(1, H1_MAC, H1);
        learn(2, H2_MAC, H2);
        learn(4, GATEWAY_MAC, GATEWAY);
    }

    void learn(int port, long mac, int ip) {
        byte[] request = GeneratedFrames.arpRequest(mac, ip, port == 4 ? PUBLIC_IP : LAN_IP);
        router.packetIn(packetIn(port, request, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), 0);
    }

    List<OFMessage> synFromSrv(int sport, long now) {
        return router.packetIn(
                packetIn(
                        4,
                        TestPackets.tcp(SRV, sport, VIP, 80, TcpFlags.SYN, 0),
                        Tables.WATCH,
                        OFPacketInReason.ACTION,
                        Tables.SYN_COOKIE),
                now);
    }

    static List<OFFlowAdd> sessionFlows(List<OFMessage> out) {
        return flowAdds(out, Tables.NAT).stream()
                .filter(f -> VirtualServerFlows.sessionId(f.getCookie()) >= 0)
                .toList();
    }

    @Test
    void itsRuleFlowsPassItsEndpointAndItsServersAnswersToWatch() throws Exception {
        build(List.of(FARM, MASQ));
        List<OFFlowAdd> flows = RuleRouterTest.ruleFlows(start, 10);
        assertEquals(1 + 2 * 3, flows.size(), "the endpoint from the WAN, each server from each LAN port");
        OFFlowAdd in = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IN_PORT).equals(WAN))
                .findFirst()
                .orElseThrow();
        assertEquals(IPv4Address.of(VIP), in.getMatch().get(MatchField.IPV4_DST));
        assertEquals(TransportPort.of(80), in.getMatch().get(MatchField.TCP_DST));
        assertEquals(
                Tables.WATCH, ((OFInstructionGotoTable) in.getInstructions().get(0)).getTableId());
        assertTrue(
                in.getPriority() > RuleRouterTest.ruleFlows(start, 100).get(0).getPriority());
        assertTrue(
                only(start, OFFlowDelete.class).stream()
                        .anyMatch(d -> d.getCookieMask().equals(VirtualServerFlows.COOKIE_MASK)),
                "a switch that connects loses an earlier run's session flows");

        byte[] who = GeneratedFrames.arpRequest(GATEWAY_MAC, GATEWAY, VIP);
        ArpPacket reply = Frame.parse(packetOuts(router.packetIn(
                                packetIn(4, who, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), 0))
                        .get(0)
                        .getData())
                .arp();
        assertTrue(reply.isReply());
        assertEquals(VIP, reply.senderIp(), "the router answers ARP for the virtual server's address");
    }

    @Test
    void aNewConnectionGetsAServerItsSessionFlowsAndItsFirstPacketTranslated() throws Exception {
        build(List.of(FARM, MASQ));
        List<OFMessage> out = synFromSrv(40000, 5);
        List<OFFlowAdd> flows = sessionFlows(out);
        assertEquals(2, flows.size(), out.toString());
        OFFlowAdd inbound = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(SRV)))
                .findFirst()
                .orElseThrow();
        assertEquals(IPv4Address.of(VIP), inbound.getMatch().get(MatchField.IPV4_DST));
        assertEquals(TransportPort.of(40000), inbound.getMatch().get(MatchField.TCP_SRC));
        OFFlowAdd outbound = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(H1)))
                .findFirst()
                .orElseThrow();
        assertEquals(TransportPort.of(8080), outbound.getMatch().get(MatchField.TCP_SRC));
        assertEquals(IPv4Address.of(SRV), outbound.getMatch().get(MatchField.IPV4_DST));
        assertTrue(outbound.getFlags().contains(org.projectfloodlight.openflow.protocol.OFFlowModFlags.SEND_FLOW_REM));

        Ipv4Packet sent = Frame.parse(packetOuts(out).get(0).getData()).ipv4();
        assertEquals(H1, sent.dst());
        assertEquals(8080, sent.dstPort());
        assertEquals(SRV, sent.src());
        assertEquals(0, router.core().size(), "no mapping: the virtual server's table holds the session");

        VirtualServerSessions table = router.vservers().table();
        assertEquals(1, table.size());
        assertEquals(
                H2,
                sessionFlows(synFromSrv(40001, 6)).stream()
                        .filter(f -> !f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(SRV)))
                        .findFirst()
                        .orElseThrow()
                        .getMatch()
                        .get(MatchField.IPV4_SRC)
                        .getInt(),
                "round robin: the next connection goes to h2");
        List<OFMessage> again = synFromSrv(40000, 7);
        assertEquals(2, table.size(), "a retransmitted SYN is the same session");
        assertEquals(H1, Frame.parse(packetOuts(again).get(0).getData()).ipv4().dst());
        assertEquals(2, counters.get(NatEvent.VSERVER_SESSION_OPENED));
    }

    @Test
    void aPacketThatOpensNothingIsDroppedAndAServersAnswerIsTranslated() throws Exception {
        build(List.of(FARM, MASQ));
        List<OFMessage> ack = router.packetIn(
                packetIn(
                        4,
                        TestPackets.tcp(SRV, 40000, VIP, 80, TcpFlags.ACK, 0),
                        Tables.NAT,
                        OFPacketInReason.NO_MATCH,
                        Tables.STATIC_COOKIE),
                0);
        assertEquals(List.of(), ack);
        assertEquals(1, counters.get(NatEvent.DROP_VSERVER_NO_SESSION));

        synFromSrv(40000, 0);
        List<OFMessage> answer = router.packetIn(
                packetIn(
                        1,
                        TestPackets.tcp(H1, 8080, SRV, 40000, TcpFlags.SYN | TcpFlags.ACK, 0),
                        Tables.NAT,
                        OFPacketInReason.NO_MATCH,
                        Tables.STATIC_COOKIE),
                0);
        Ipv4Packet p = Frame.parse(packetOuts(answer).get(0).getData()).ipv4();
        assertEquals(VIP, p.src());
        assertEquals(80, p.srcPort());
        assertEquals(SRV, p.dst());
    }

    @Test
    void theSwitchEndsASessionAndItsCountsGoToItsServer() throws Exception {
        build(List.of(FARM, MASQ));
        List<OFFlowAdd> flows = sessionFlows(synFromSrv(40000, 0));
        OFFlowAdd inbound = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(SRV)))
                .findFirst()
                .orElseThrow();
        List<OFMessage> out = router.flowRemoved(removal(inbound, OFFlowRemovedReason.IDLE_TIMEOUT, 240, 7, 700), 0);
        assertEquals(1, only(out, OFFlowDeleteStrict.class).size(), "its other flow goes");
        VirtualServerSessions table = router.vservers().table();
        assertEquals(0, table.size());
        router.flowRemoved(
                removal(
                        flows.get(1).getMatch().get(MatchField.IPV4_SRC).getInt() == H1 ? flows.get(1) : flows.get(0),
                        OFFlowRemovedReason.DELETE,
                        240,
                        5,
                        500),
                0);
        VirtualServerSessions.ServerStats h1 = table.servers(10).get(0);
        assertEquals(12, h1.packets(), "both flows' packets");
        assertEquals(1200, h1.bytes());
        assertEquals(1, h1.chosen());
        assertEquals(0, h1.live());
    }

    @Test
    void anIdleAnsweringFlowOfAnEstablishedSessionComesBack() throws Exception {
        build(List.of(FARM, MASQ));
        OFFlowAdd outbound = sessionFlows(synFromSrv(40000, 0)).stream()
                .filter(f -> f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(H1)))
                .findFirst()
                .orElseThrow();
        List<OFMessage> out = router.flowRemoved(
                removal(outbound, OFFlowRemovedReason.IDLE_TIMEOUT, outbound.getIdleTimeout(), 3, 300), 0);
        List<OFFlowAdd> back = sessionFlows(out);
        assertEquals(1, back.size());
        assertTrue(back.get(0).getIdleTimeout() > outbound.getIdleTimeout(), "now with the established timeout");
        assertEquals(1, router.vservers().table().size());
    }

    @Test
    void editsKeepLiveSessionsOfServersRemovedAndEndThoseOfARuleThatWent() throws Exception {
        build(List.of(FARM, MASQ));
        synFromSrv(40000, 0); // on h1
        NatRule.VirtualServer withoutH1 = FARM.withServers(
                List.of(new NatRule.VirtualServer.Server(H2, 8080), new NatRule.VirtualServer.Server(H3, 8080)));
        RouterChange<RuleList.Edit> c =
                router.rules().edit(l -> l.replace(10, withoutH1, router.rules().context()));
        assertTrue(c.result() instanceof RuleList.Changed, c.result().toString());
        assertEquals(List.of(), only(c.messages(), OFFlowDeleteStrict.class), "h1's live session keeps its flows");
        assertEquals(1, router.vservers().table().size());
        List<OFFlowAdd> next = sessionFlows(synFromSrv(40001, 0));
        assertFalse(
                next.stream()
                        .anyMatch(f -> f.getMatch().get(MatchField.IPV4_SRC).equals(IPv4Address.of(H1))),
                "new connections go to the listed servers");
        RouterChange<RuleList.Edit> gone =
                router.rules().edit(l -> l.delete(10, router.rules().context()));
        assertTrue(gone.result() instanceof RuleList.Changed);
        assertEquals(4, only(gone.messages(), OFFlowDeleteStrict.class).size(), "both sessions' two flows");
        assertEquals(0, router.vservers().table().size());
    }

    @Test
    void aUdpVirtualServerOpensASessionWithAnyDatagram() throws Exception {
        NatRule.VirtualServer dns = new NatRule.VirtualServer(
                20,
                new RuleMatch(
                        Direction.INBOUND,
                        Prefix.ANY,
                        Prefix.ANY,
                        PortRange.ANY,
                        PortRange.ANY,
                        RuleProtocol.UDP,
                        null,
                        null,
                        false),
                Set.of(),
                "",
                RuleProtocol.UDP,
                VIP,
                53,
                List.of(new NatRule.VirtualServer.Server(H2, 5353)),
                NatRule.VirtualServer.Scheduler.SOURCE_HASH);
        build(List.of(dns, MASQ));
        List<OFMessage> out = router.packetIn(
                packetIn(
                        4,
                        TestPackets.udp(SRV, 41000, VIP, 53, 8),
                        Tables.UP,
                        OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                0);
        List<OFFlowAdd> flows = sessionFlows(out);
        assertEquals(2, flows.size(), out.toString());
        assertTrue(flows.stream().allMatch(f -> f.getMatch().get(MatchField.UDP_SRC) != null));
        Ipv4Packet p = Frame.parse(packetOuts(out).get(0).getData()).ipv4();
        assertEquals(H2, p.dst());
        assertEquals(5353, p.dstPort());
        assertEquals(1, router.vservers().table().size());
        List<OFMessage> tcp = synFromSrvTo(53);
        assertEquals(List.of(), sessionFlows(tcp), "TCP to a UDP virtual server is not its");
    }

    List<OFMessage> synFromSrvTo(int port) {
        return router.packetIn(
                packetIn(
                        4,
                        TestPackets.tcp(SRV, 40000, VIP, port, TcpFlags.SYN, 0),
                        Tables.WATCH,
                        OFPacketInReason.ACTION,
                        Tables.SYN_COOKIE),
                0);
    }

    static org.projectfloodlight.openflow.protocol.OFFlowRemoved removal(
            OFFlowAdd flow, OFFlowRemovedReason reason, int idle, long packets, long bytes) {
        return OF.buildFlowRemoved()
                .setCookie(flow.getCookie())
                .setPriority(flow.getPriority())
                .setReason(reason)
                .setTableId(Tables.NAT)
                .setIdleTimeout(idle)
                .setPacketCount(U64.of(packets))
                .setByteCount(U64.of(bytes))
                .setMatch(flow.getMatch())
                .build();
    }
}
