package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.TestPackets;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.PortRange;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleError;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import io.natflow.nat.rules.RuleProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;

/** The rule list in the router: flows at start and on edits, and the controller's decisions. */
class RuleRouterTest {
    static final int H3 = TestPackets.ip("10.0.0.13");
    static final int H3_PUBLIC = TestPackets.ip("203.0.113.13");
    static final NatRule SKIP_SRV = new NatRule.Skip(
            50, RuleMatch.OUTBOUND_ANY.withDestination(Prefix.host(SRV)), Set.of(), "srv untranslated");
    static final NatRule STATIC_H3 = new NatRule.StaticNat(10, RuleMatch.OUTBOUND_ANY, Set.of(), "h3", H3, H3_PUBLIC);
    static final NatRule MASQ =
            RouterConfig.defaultRules(TestPackets.ip("10.0.0.0"), 24).at(0);

    final NatCounters counters = new NatCounters();
    NatRouter router;
    List<OFMessage> start;

    void build(List<NatRule> rules) throws Exception {
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
        var action = OFPacketInReason.ACTION;
        router.packetIn(
                packetIn(
                        4,
                        GeneratedFrames.arpReply(
                                GATEWAY_MAC,
                                GATEWAY,
                                Frame.parse(GeneratedFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY))
                                        .arp()),
                        Tables.CLASSIFY,
                        action,
                        Tables.STATIC_COOKIE),
                0);
    }

    static List<OFFlowAdd> ruleFlows(List<OFMessage> out, int number) {
        return flowAdds(out, Tables.CLASSIFY).stream()
                .filter(f -> RuleFlows.ruleNumber(f.getCookie()) == number)
                .toList();
    }

    @Test
    void theDefaultListIsOneMasqueradeRuleThatPassesTheLanToWatch() throws Exception {
        build(RouterConfig.defaultRules(TestPackets.ip("10.0.0.0"), 24).rules());
        List<OFFlowAdd> masq = ruleFlows(start, 100);
        assertEquals(3, masq.size(), "per LAN port, the pass flow");
        long copies = flowAdds(start, Tables.CLASSIFY).stream()
                .filter(f ->
                        f.getCookie().equals(Tables.RULE_FRAGMENT_COOKIE) && f.getPriority() == RuleFlows.RULE_BASE + 3)
                .count();
        assertEquals(6, copies, "and its first-fragment copies (TCP, UDP), with the copies' cookie");
        OFFlowAdd pass = masq.stream()
                .filter(f -> f.getPriority() == RuleFlows.RULE_BASE + 2)
                .findFirst()
                .orElseThrow();
        assertEquals(
                Tables.WATCH,
                ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable)
                                pass.getInstructions().get(0))
                        .getTableId());
        assertTrue(only(start, OFFlowDelete.class).stream()
                .anyMatch(d -> d.getCookieMask().equals(RuleFlows.RULE_COOKIE_MASK)));
    }

    @Test
    void aSkipRuleBeforeMasqueradeSendsItsPacketsOutUntranslatedAndOutranksIt() throws Exception {
        build(List.of(SKIP_SRV, MASQ));
        OFFlowAdd skip = ruleFlows(start, 50).get(0);
        OFFlowAdd masq = ruleFlows(start, 100).get(0);
        assertTrue(skip.getPriority() > masq.getPriority() + 1, "first rule, highest priority");
        assertEquals(IPv4Address.of(SRV), skip.getMatch().get(MatchField.IPV4_DST));
        List<OFMessage> out = router.packetIn(
                packetIn(
                        1,
                        TestPackets.tcp(H1, 40000, SRV, 5000, TcpFlags.SYN, 0),
                        Tables.CLASSIFY,
                        OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                0);
        OFPacketOut sent = packetOuts(out).get(0);
        Ipv4Packet p = Frame.parse(sent.getData()).ipv4();
        assertEquals(H1, p.src(), "not translated");
        assertEquals(63, p.ttl());
        assertEquals(0, router.core().size(), "no mapping");
        assertEquals(1L, router.rules().decided().get(50));
    }

    @Test
    void aDropRuleDropsAndCounts() throws Exception {
        NatRule drop = new NatRule.Drop(
                5,
                RuleMatch.OUTBOUND_ANY.withProtocol(RuleProtocol.UDP).withDestinationPorts(new PortRange(5000, 5003)),
                Set.of(),
                "");
        build(List.of(drop, MASQ));
        List<OFFlowAdd> flows = ruleFlows(start, 5);
        assertEquals(3, flows.size(), "one per LAN port: 5000-5003 is one masked block");
        assertTrue(flows.get(0).getInstructions().isEmpty());
        assertEquals(IpProtocol.UDP, flows.get(0).getMatch().get(MatchField.IP_PROTO));
        assertEquals(
                TransportPort.of(0xfffc),
                flows.get(0).getMatch().getMasked(MatchField.UDP_DST).getMask());
        assertTrue(router.packetIn(
                        packetIn(
                                1,
                                TestPackets.udp(H1, 40000, SRV, 5002, 8),
                                Tables.NAT,
                                OFPacketInReason.NO_MATCH,
                                Tables.STATIC_COOKIE),
                        0)
                .isEmpty());
        assertEquals(1, counters.get("drop.RULE"));
        router.packetIn(
                packetIn(
                        1,
                        TestPackets.udp(H1, 40000, SRV, 5004, 8),
                        Tables.NAT,
                        OFPacketInReason.NO_MATCH,
                        Tables.STATIC_COOKIE),
                0);
        assertEquals(1, router.core().size(), "5004 is masqueraded");
    }

    @Test
    void noMatchingRuleDrops() throws Exception {
        build(List.of(SKIP_SRV));
        router.packetIn(
                packetIn(
                        1,
                        TestPackets.udp(H1, 40000, GATEWAY, 53, 8),
                        Tables.NAT,
                        OFPacketInReason.NO_MATCH,
                        Tables.STATIC_COOKIE),
                0);
        assertEquals(1, counters.get("drop.NO_RULE"));
        assertEquals(0, router.core().size());
    }

    @Test
    void staticNatRewritesBothWaysInTheSwitchAndAnswersArpForItsAddress() throws Exception {
        build(List.of(STATIC_H3, MASQ));
        List<OFFlowAdd> flows = ruleFlows(start, 10);
        assertEquals(4, flows.size(), "outbound from each LAN port, inbound from the WAN");
        OFFlowAdd inbound = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IN_PORT).equals(WAN))
                .findFirst()
                .orElseThrow();
        assertEquals(IPv4Address.of(H3_PUBLIC), inbound.getMatch().get(MatchField.IPV4_DST));
        OFActionSetField set = (OFActionSetField)
                ((OFInstructionApplyActions) inbound.getInstructions().get(0))
                        .getActions()
                        .get(0);
        assertEquals(IPv4Address.of(H3), set.getField().getValue());
        OFFlowAdd outbound = flows.stream()
                .filter(f -> f.getMatch().get(MatchField.IN_PORT).equals(OFPort.of(1)))
                .findFirst()
                .orElseThrow();
        assertEquals(IPv4Address.of(H3), outbound.getMatch().get(MatchField.IPV4_SRC));

        byte[] who = GeneratedFrames.arpRequest(GATEWAY_MAC, GATEWAY, H3_PUBLIC);
        List<OFPacketOut> replies = packetOuts(
                router.packetIn(packetIn(4, who, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), 0));
        ArpPacket reply = Frame.parse(replies.get(0).getData()).arp();
        assertTrue(reply.isReply());
        assertEquals(H3_PUBLIC, reply.senderIp());
        assertEquals(ROUTER_MAC, reply.senderMac());

        // a packet that met the controller (the list was being replaced) is translated there
        OFPacketOut sent = packetOuts(router.packetIn(
                        packetIn(
                                3,
                                TestPackets.udp(H3, 7000, SRV, 53, 8),
                                Tables.NAT,
                                OFPacketInReason.NO_MATCH,
                                Tables.STATIC_COOKIE),
                        0))
                .get(0);
        Ipv4Packet p = Frame.parse(sent.getData()).ipv4();
        assertEquals(H3_PUBLIC, p.src());
        assertEquals(7000, p.srcPort(), "ports kept");
        assertEquals(0, router.core().size());
    }

    @Test
    void editsReplaceTheRuleFlowsOrChangeNothing() throws Exception {
        build(List.of(MASQ));
        RouterChange<RuleList.Edit> c = router.rules()
                .edit(l -> l.insert(SKIP_SRV, new RuleList.At(0), router.rules().context()));
        assertInstanceOf(RuleList.Changed.class, c.result());
        assertInstanceOf(OFFlowDelete.class, c.messages().get(0));
        assertEquals(3, ruleFlows(c.messages(), 50).size());
        assertEquals(RuleFlows.RULE_BASE + 4, ruleFlows(c.messages(), 50).get(0).getPriority());
        RouterChange<RuleList.Edit> bad = router.rules()
                .edit(l -> l.insert(
                        new NatRule.StaticNat(11, RuleMatch.OUTBOUND_ANY, Set.of(), "", H3, PUBLIC_IP),
                        new RuleList.End(),
                        router.rules().context()));
        assertEquals(
                RuleError.Kind.PUBLIC_ADDRESS_IN_POOL,
                ((RuleList.Refused) bad.result()).error().kind());
        assertTrue(bad.messages().isEmpty());
        assertEquals(
                List.of(50, 100),
                router.rules().list().rules().stream().map(NatRule::number).toList());
    }

    @Test
    void aConfiguredListThatDoesNotValidateIsRefusedNamingTheRule() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> build(List.of(new NatRule.StaticNat(7, RuleMatch.OUTBOUND_ANY, Set.of(), "", H3, PUBLIC_IP))));
        assertTrue(e.getMessage().contains("rule 7"), e.getMessage());
    }
}
