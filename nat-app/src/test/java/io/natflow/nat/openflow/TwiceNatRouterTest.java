package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.ArpInspectionTest.outPort;
import static io.natflow.nat.openflow.ArpInspectionTest.parse;
import static io.natflow.nat.openflow.RouterFixture.OF;
import static io.natflow.nat.openflow.RouterFixture.flowAdds;
import static io.natflow.nat.openflow.RouterFixture.packetIn;
import static io.natflow.nat.openflow.RouterFixture.packetOuts;
import static io.natflow.nat.packet.TestPackets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.TestPackets;
import io.natflow.nat.service.NatEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.OFPort;

/** A router with a twin LAN segment on port 6 that reuses the LAN's prefix (twice NAT, issue 14 item 2). */
class TwiceNatRouterTest {
    static final int ROUTER = ip("10.0.0.1");
    static final int SAME = ip("10.0.0.11"); // h1 on the LAN, h4 on the twin
    static final long H1_MAC = 0x0200_0a00_000bL;
    static final long H4_MAC = 0x0200_0a00_010bL;
    static final int H1_FROM_TWIN = ip("172.16.1.11");
    static final int H4_FROM_LAN = ip("172.16.2.11");
    static final int LAN_PORT = 1;
    static final int TWIN_PORT = 6;

    final NatCounters counters = new NatCounters();
    final NatRouter router;
    final List<OFMessage> started;

    TwiceNatRouterTest() {
        NatConfig nat = NatConfig.builder(RouterFixture.PUBLIC_IP).build();
        RouterConfig config = new RouterConfig(
                1L,
                ip("10.0.0.0"),
                24,
                ROUTER,
                RouterFixture.ROUTER_MAC,
                List.of("s1-eth1", "s1-eth2", "s1-eth3"),
                "s1-eth4",
                RouterFixture.GATEWAY,
                nat,
                List.of(),
                Duration.ofSeconds(1),
                PacketInLimits.DEFAULTS,
                Routes.NONE,
                null,
                new LanSegments(
                        Ipv4Prefix.parse("172.16.1.0/24"),
                        List.of(new LanSegment(
                                "twin",
                                List.of("s1-eth6"),
                                Ipv4Prefix.parse("10.0.0.0/24"),
                                ROUTER,
                                Ipv4Prefix.parse("172.16.2.0/24")))));
        router = new NatRouter(config, new Nat(nat, new SplittableRandom(7), 16), OF, counters);
        List<SwitchPort> ports = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ports.add(new SwitchPort(i, "s1-eth" + i, "aa:00:00:00:00:0" + i, false, false));
        }
        started = router.start(ports, 0);
    }

    List<OFMessage> in(int port, byte[] frame, long now) {
        return router.packetIn(
                packetIn(port, frame, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), now);
    }

    List<OFMessage> arpFor(int port, long mac, int target, long now) {
        return in(port, TestPackets.arp(ArpPacket.REQUEST, mac, mac, SAME, 0, target, -1L & 0xffff_ffff_ffffL), now);
    }

    static byte[] ping(long mac, int src, int dst) {
        byte[] f = TestPackets.icmpEcho(src, dst, IcmpMessage.ECHO_REQUEST, 7, 1, 8);
        Frame.setMacs(f, mac, RouterFixture.ROUTER_MAC);
        return f;
    }

    static Ipv4Packet sent(OFPacketOut out) {
        return parse(out.getData()).ipv4();
    }

    @Test
    void theTwinsArpIsAnsweredFromItsRouterAddressAndNeverTeachesTheLan() {
        List<OFMessage> out = arpFor(TWIN_PORT, H4_MAC, ROUTER, 10);
        OFPacketOut reply = packetOuts(out).get(0);
        assertEquals(OFPort.of(TWIN_PORT), outPort(reply));
        ArpPacket arp = parse(reply.getData()).arp();
        assertTrue(arp.isReply() && arp.senderIp() == ROUTER && arp.targetMac() == H4_MAC, arp.toString());
        assertTrue(flowAdds(out, Tables.ROUTE).isEmpty(), "no LAN host route for the twin's 10.0.0.11");
        List<OFMessage> lan = arpFor(LAN_PORT, H1_MAC, ROUTER, 20);
        assertTrue(
                flowAdds(lan, Tables.ROUTE).stream()
                        .anyMatch(f -> IPv4Address.of(SAME).equals(f.getMatch().get(MatchField.IPV4_DST))),
                "h1 is learned on the LAN as before");
    }

    @Test
    void theFirstPacketGetsBothPairFlowsAndIsTranslatedOutTheTwinsPort() {
        arpFor(TWIN_PORT, H4_MAC, ROUTER, 10);
        arpFor(LAN_PORT, H1_MAC, ROUTER, 10);
        List<OFMessage> out = in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 100);
        List<OFFlowAdd> pair = flowAdds(out, Tables.CLASSIFY).stream()
                .filter(f -> f.getPriority() == TwiceFlows.P_PAIR)
                .toList();
        assertEquals(2, pair.size(), out.toString());
        OFFlowAdd there = pair.get(0);
        assertEquals(OFPort.of(LAN_PORT), there.getMatch().get(MatchField.IN_PORT));
        assertEquals(IPv4Address.of(H4_FROM_LAN), there.getMatch().get(MatchField.IPV4_DST));
        assertEquals(
                List.of("ipv4_src=" + IPv4Address.of(H1_FROM_TWIN), "ipv4_dst=" + IPv4Address.of(SAME)),
                setFields(there).subList(0, 2));
        assertEquals(OFPort.of(TWIN_PORT), output(there));
        OFFlowAdd back = pair.get(1);
        assertEquals(OFPort.of(TWIN_PORT), back.getMatch().get(MatchField.IN_PORT));
        assertEquals(IPv4Address.of(H1_FROM_TWIN), back.getMatch().get(MatchField.IPV4_DST));
        assertEquals(
                List.of("ipv4_src=" + IPv4Address.of(H4_FROM_LAN), "ipv4_dst=" + IPv4Address.of(SAME)),
                setFields(back).subList(0, 2));
        assertEquals(OFPort.of(LAN_PORT), output(back));
        assertTrue(back.getIdleTimeout() > 0);

        OFPacketOut first = packetOuts(out).get(0);
        assertEquals(OFPort.of(TWIN_PORT), outPort(first));
        Ipv4Packet p = sent(first);
        assertEquals(H1_FROM_TWIN, p.src());
        assertEquals(SAME, p.dst());
        assertEquals(63, p.ttl());
        assertEquals(H4_MAC, parse(first.getData()).ethDst());
        assertTrue(TestPackets.ipHeaderValid(first.getData(), 14));

        List<OFMessage> soon = in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 600);
        assertTrue(flowAdds(soon, Tables.CLASSIFY).isEmpty(), "flows just sent are not sent again");
        assertEquals(1, packetOuts(soon).size());
        List<OFMessage> answer = in(TWIN_PORT, ping(H4_MAC, SAME, H1_FROM_TWIN), 700);
        assertTrue(flowAdds(answer, Tables.CLASSIFY).isEmpty(), "the answer's flow went with the first packet's");
        assertEquals(SAME, sent(packetOuts(answer).get(0)).dst());
        assertEquals(H4_FROM_LAN, sent(packetOuts(answer).get(0)).src());
        assertEquals(OFPort.of(LAN_PORT), outPort(packetOuts(answer).get(0)));
        assertEquals(
                2,
                flowAdds(in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 2_000), Tables.CLASSIFY)
                        .size(),
                "a packet-in after the flows' window: they were lost, send them again");
    }

    @Test
    void anUnknownTwinHostIsAskedForOnTheTwinAndThePacketWaitsForIt() {
        arpFor(LAN_PORT, H1_MAC, ROUTER, 10);
        List<OFMessage> out = in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 100);
        OFPacketOut ask = packetOuts(out).get(0);
        assertEquals(OFPort.of(TWIN_PORT), outPort(ask));
        ArpPacket request = parse(ask.getData()).arp();
        assertTrue(request.isRequest() && request.senderIp() == ROUTER && request.targetIp() == SAME);
        byte[] reply = TestPackets.arp(
                ArpPacket.REPLY, H4_MAC, H4_MAC, SAME, RouterFixture.ROUTER_MAC, ROUTER, RouterFixture.ROUTER_MAC);
        List<OFMessage> released = in(TWIN_PORT, reply, 200);
        OFPacketOut held = packetOuts(released).get(0);
        assertEquals(OFPort.of(TWIN_PORT), outPort(held));
        assertEquals(H1_FROM_TWIN, sent(held).src());
        assertEquals(H4_MAC, parse(held.getData()).ethDst());
    }

    @Test
    void theTwinPingsItsRouterButIsNotMasqueraded() throws Exception {
        arpFor(TWIN_PORT, H4_MAC, ROUTER, 10);
        OFPacketOut echo =
                packetOuts(in(TWIN_PORT, ping(H4_MAC, SAME, ROUTER), 20)).get(0);
        assertEquals(OFPort.of(TWIN_PORT), outPort(echo));
        assertEquals(IcmpMessage.ECHO_REPLY, sent(echo).icmp().type());
        assertEquals(ROUTER, sent(echo).src());

        List<OFMessage> out = in(TWIN_PORT, ping(H4_MAC, SAME, RouterFixture.SRV), 30);
        assertEquals(1, out.size(), "no mapping, no flow: only the refusal");
        Ipv4Packet refusal = sent(packetOuts(out).get(0));
        assertEquals(EtherTypes.PROTO_ICMP, refusal.protocol());
        assertEquals(IcmpMessage.DESTINATION_UNREACHABLE, refusal.icmp().type());
        assertEquals(IcmpMessage.CODE_ADMIN_PROHIBITED, refusal.icmp().code());
        assertEquals(1L, counters.get(NatEvent.DROP_SEGMENT_NOT_ROUTED));
        assertTrue(router.core().size() == 0, "nothing reached the NAT core");
    }

    @Test
    void aSourceArpNeverBoundDoesNotCross() {
        arpFor(TWIN_PORT, H4_MAC, ROUTER, 10);
        List<OFMessage> out = in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 100); // h1 never ARPed
        assertTrue(out.isEmpty(), out.toString());
        assertEquals(1L, counters.get(NatEvent.DROP_TWICE_SOURCE_NOT_BOUND));
    }

    @Test
    void aTwinHostThatMovesTakesThePairFlowsWithIt() {
        arpFor(TWIN_PORT, H4_MAC, ROUTER, 10);
        arpFor(LAN_PORT, H1_MAC, ROUTER, 10);
        assertEquals(
                2,
                flowAdds(in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 100), Tables.CLASSIFY)
                        .size());
        long newMac = 0x0200_0a00_020bL;
        List<OFMessage> claim = arpFor(TWIN_PORT, newMac, ROUTER, 200); // 10.0.0.11 at another MAC: probe the old one
        OFPacketOut probe = packetOuts(claim).get(0);
        assertEquals(H4_MAC, parse(probe.getData()).ethDst());
        assertTrue(router.tick(200 + ArpService.PROBE_MILLIS - 1).stream()
                .noneMatch(m -> m instanceof org.projectfloodlight.openflow.protocol.OFFlowDelete));
        List<OFMessage> moved = router.tick(200 + ArpService.PROBE_MILLIS + 1);
        assertTrue(
                moved.stream()
                        .anyMatch(m -> m instanceof org.projectfloodlight.openflow.protocol.OFFlowDelete d
                                && d.getCookie().equals(TwiceFlows.PAIR_COOKIE)),
                "every pair flow goes: " + moved);
        List<OFMessage> again = in(LAN_PORT, ping(H1_MAC, SAME, H4_FROM_LAN), 300);
        assertEquals(newMac, parse(packetOuts(again).get(0).getData()).ethDst(), "the next packet finds the new MAC");
        assertEquals(2, flowAdds(again, Tables.CLASSIFY).size(), "and makes the pair's flows anew");
    }

    @Test
    void puntFlowsSendEachSidesPrefixToTheOthersAliasUp() {
        List<OFFlowAdd> punts = flowAdds(started, Tables.CLASSIFY).stream()
                .filter(f ->
                        f.getPriority() == TwiceFlows.P_PUNT && f.getMatch().isPartiallyMasked(MatchField.IPV4_DST))
                .toList();
        assertEquals(4, punts.size(), "3 LAN ports to the twin's alias, the twin's port to the LAN's");
        IPv4AddressWithMask lanAlias = IPv4AddressWithMask.of("172.16.1.0/24");
        assertTrue(
                punts.stream()
                        .anyMatch(f -> f.getMatch().get(MatchField.IN_PORT).equals(OFPort.of(TWIN_PORT))
                                && lanAlias.equals(f.getMatch().getMasked(MatchField.IPV4_DST))),
                punts.toString());
    }

    private static List<String> setFields(OFFlowAdd flow) {
        return actions(flow).stream()
                .filter(OFActionSetField.class::isInstance)
                .map(a -> ((OFActionSetField) a).getField())
                .map(field -> field.getMatchField().getName() + "=" + field.getValue())
                .toList();
    }

    private static OFPort output(OFFlowAdd flow) {
        return actions(flow).stream()
                .filter(OFActionOutput.class::isInstance)
                .map(a -> ((OFActionOutput) a).getPort())
                .findFirst()
                .orElseThrow();
    }

    private static List<OFAction> actions(OFFlowAdd flow) {
        return ((OFInstructionApplyActions) flow.getInstructions().get(0)).getActions();
    }
}
