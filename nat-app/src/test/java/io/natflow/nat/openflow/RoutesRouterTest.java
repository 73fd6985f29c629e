package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.ArpInspectionTest.arp;
import static io.natflow.nat.openflow.ArpInspectionTest.outPort;
import static io.natflow.nat.openflow.ArpInspectionTest.parse;
import static io.natflow.nat.openflow.RouterFixture.*;
import static io.natflow.nat.packet.TestPackets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.packet.ArpPacket;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.TestPackets;
import java.util.List;
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
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** A routed LAN prefix behind a LAN-side router and a static WAN route (issue 14, item 3). */
class RoutesRouterTest {
    static final int LAN_ROUTER = ip("10.0.0.254");
    static final long LAN_ROUTER_MAC = 0x0200_0a00_00feL;
    static final int H5 = ip("10.1.0.5");
    static final int WAN_HOP = ip("203.0.113.253");
    static final long WAN_HOP_MAC = 0x0200_cb00_71fdL;
    static final int SRV2 = ip("192.0.2.80"); // behind the gateway: no static route
    static final Routes ROUTES = new Routes(
            List.of(new Route(Ipv4Prefix.parse("10.1.0.0/24"), LAN_ROUTER)),
            List.of(new Route(Ipv4Prefix.parse("198.51.100.0/24"), WAN_HOP)));

    @Test
    void everyLanPrefixPassesFromEveryLanPortAndNoneFromTheWan() {
        RouterFixture r = new RouterFixture(ROUTES);
        List<OFFlowAdd> classify = flowAdds(r.startMessages, Tables.CLASSIFY);
        for (String prefix : List.of("10.0.0.0/24", "10.1.0.0/24")) {
            IPv4AddressWithMask p = IPv4AddressWithMask.of(prefix);
            long fromLan = classify.stream()
                    .filter(f -> f.getPriority() == PipelineFlows.P_LAN_TO_ROUTER
                            && p.equals(f.getMatch().getMasked(MatchField.IPV4_SRC)))
                    .count();
            assertEquals(3, fromLan, prefix + " from each LAN port");
            assertTrue(
                    classify.stream()
                            .anyMatch(f -> f.getPriority() == PipelineFlows.P_WAN_TO_LAN_PREFIX
                                    && p.equals(f.getMatch().getMasked(MatchField.IPV4_DST))),
                    prefix + " dropped from the WAN");
        }
    }

    @Test
    void routesGoToTheControllerUntilTheirNextHopIsKnownThenToItsMac() {
        RouterFixture r = new RouterFixture(ROUTES);
        OFFlowAdd wanRoute = route(r.startMessages, "198.51.100.0/24", PipelineFlows.P_WAN_ROUTE_BASE + 24);
        assertEquals(OFPort.CONTROLLER, output(wanRoute));
        OFFlowAdd lanRoute = route(r.startMessages, "10.1.0.0/24", PipelineFlows.P_LAN_ROUTE);
        assertEquals(OFPort.CONTROLLER, output(lanRoute));
        assertTrue(
                packetOuts(r.startMessages).stream()
                        .anyMatch(p -> outPort(p).equals(WAN)
                                && parse(p.getData()).arp().targetIp() == WAN_HOP),
                "the WAN next hop is asked for at start");

        List<OFMessage> learned = arp(r, 4, wanHopReply(), 10);
        OFFlowAdd resolved = route(learned, "198.51.100.0/24", PipelineFlows.P_WAN_ROUTE_BASE + 24);
        assertEquals(WAN, output(resolved));
        assertEquals(WAN_HOP_MAC, ethDst(resolved));

        List<OFMessage> lanLearned = arp(r, 2, lanRouterRequest(), 20);
        OFFlowAdd viaRouter = route(lanLearned, "10.1.0.0/24", PipelineFlows.P_LAN_ROUTE);
        assertEquals(OFPort.of(2), output(viaRouter));
        assertEquals(LAN_ROUTER_MAC, ethDst(viaRouter));
        OFFlowAdd samePort = route(lanLearned, "10.1.0.0/24", PipelineFlows.P_LAN_ROUTE_SAME_PORT);
        assertEquals(OFPort.of(2), samePort.getMatch().get(MatchField.IN_PORT));
        assertEquals(OFPort.IN_PORT, output(samePort));
        assertTrue(PipelineFlows.P_DEFAULT_ROUTE < PipelineFlows.P_WAN_ROUTE_BASE + 1);
    }

    @Test
    void controllerSentPacketsGoToEachPrefixsNextHop() {
        RouterFixture r = new RouterFixture(ROUTES);
        // to the routed LAN: held, its router asked for on the LAN ports, released on the answer
        List<OFMessage> held = fromRouteTable(r, 4, TestPackets.udp(SRV, 53, H5, 5000, 8), 0);
        List<OFPacketOut> asks = packetOuts(held);
        assertEquals(3, asks.size());
        assertEquals(LAN_ROUTER, parse(asks.get(0).getData()).arp().targetIp());
        List<OFPacketOut> released = packetOuts(arp(r, 2, lanRouterRequest(), 10));
        OFPacketOut toH5 = released.stream()
                .filter(p -> parse(p.getData()).isIpv4())
                .findFirst()
                .orElseThrow();
        assertEquals(OFPort.of(2), outPort(toH5));
        assertEquals(LAN_ROUTER_MAC, parse(toH5.getData()).ethDst());

        // to the static route's prefix: its next hop, not the gateway (asked at start: again after arpRetry)
        List<OFMessage> waiting = fromRouteTable(r, 1, TestPackets.udp(PUBLIC_IP, 4000, SRV, 53, 8), 2_000);
        assertEquals(WAN_HOP, parse(packetOuts(waiting).get(0).getData()).arp().targetIp());
        List<OFPacketOut> sent = packetOuts(arp(r, 4, wanHopReply(), 2_010));
        assertEquals(1, sent.size());
        assertEquals(WAN_HOP_MAC, parse(sent.get(0).getData()).ethDst());

        // anything else: the gateway
        List<OFMessage> other = fromRouteTable(r, 1, TestPackets.udp(PUBLIC_IP, 4000, SRV2, 53, 8), 2_020);
        assertEquals(GATEWAY, parse(packetOuts(other).get(0).getData()).arp().targetIp());
    }

    @Test
    void aRoutedLanHostIsTranslatedAndAnAddressOutsideEveryPrefixIsNot() {
        RouterFixture r = new RouterFixture(ROUTES);
        List<OFMessage> out = r.syn(2, TestPackets.tcp(H5, 40000, SRV, 80, 0x02, 0), 0);
        assertEquals(2, flowAdds(out, Tables.NAT).size(), "a session from 10.1.0.5");
        assertEquals(1, r.nat.size());
        assertTrue(r.syn(2, TestPackets.tcp(ip("10.2.0.5"), 40000, SRV, 80, 0x02, 0), 0)
                .isEmpty());
        assertEquals(1, r.counters.get("drop.INSIDE_SOURCE_RESERVED"));
        assertTrue(
                arp(
                                r,
                                2,
                                TestPackets.arp(
                                        ArpPacket.REQUEST,
                                        0x0200_0a01_0005L,
                                        0x0200_0a01_0005L,
                                        H5,
                                        0,
                                        LAN_IP,
                                        GeneratedFrames.BROADCAST_MAC),
                                0)
                        .isEmpty(),
                "a routed LAN's host is not on the link: its ARP is refused");
    }

    @Test
    void routesThatDoNotFitTheAddressingAreRefused() {
        assertRefused(
                "overlaps the connected",
                new Routes(List.of(new Route(Ipv4Prefix.parse("10.0.0.128/25"), LAN_ROUTER)), List.of()));
        assertRefused(
                "not a host of the connected",
                new Routes(List.of(new Route(Ipv4Prefix.parse("10.1.0.0/24"), ip("10.9.0.1"))), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Routes(
                        List.of(
                                new Route(Ipv4Prefix.parse("10.1.0.0/16"), LAN_ROUTER),
                                new Route(Ipv4Prefix.parse("10.1.2.0/24"), LAN_ROUTER)),
                        List.of()));
        assertRefused(
                "overlaps a LAN prefix",
                new Routes(List.of(), List.of(new Route(Ipv4Prefix.parse("10.0.0.0/8"), WAN_HOP))));
        assertRefused(
                "must be a WAN neighbour",
                new Routes(List.of(), List.of(new Route(Ipv4Prefix.parse("198.51.100.0/24"), ip("10.0.0.5")))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Routes(
                        List.of(),
                        List.of(
                                new Route(Ipv4Prefix.parse("198.51.100.0/24"), WAN_HOP),
                                new Route(Ipv4Prefix.parse("198.51.100.0/24"), GATEWAY))));
    }

    @Test
    void theLongestPrefixWins() {
        Routes routes = new Routes(
                List.of(),
                List.of(
                        new Route(Ipv4Prefix.parse("198.51.0.0/16"), GATEWAY),
                        new Route(Ipv4Prefix.parse("198.51.100.0/24"), WAN_HOP)));
        assertEquals(WAN_HOP, routes.wanNextHop(SRV, 0));
        assertEquals(GATEWAY, routes.wanNextHop(ip("198.51.7.1"), 0));
        assertEquals(0, routes.wanNextHop(SRV2, 0));
        assertFalse(Ipv4Prefix.parse("10.1.0.0/24").overlaps(Ipv4Prefix.parse("10.0.0.0/24")));
        assertTrue(Ipv4Prefix.parse("10.0.0.0/8").overlaps(Ipv4Prefix.parse("10.1.0.0/24")));
    }

    private static void assertRefused(String message, Routes routes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RouterFixture(routes));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static byte[] wanHopReply() {
        return TestPackets.arp(ArpPacket.REPLY, WAN_HOP_MAC, WAN_HOP_MAC, WAN_HOP, ROUTER_MAC, PUBLIC_IP, ROUTER_MAC);
    }

    private static byte[] lanRouterRequest() {
        return TestPackets.arp(
                ArpPacket.REQUEST,
                LAN_ROUTER_MAC,
                LAN_ROUTER_MAC,
                LAN_ROUTER,
                0,
                LAN_IP,
                GeneratedFrames.BROADCAST_MAC);
    }

    private static List<OFMessage> fromRouteTable(RouterFixture r, int inPort, byte[] data, long now) {
        return r.router.packetIn(
                packetIn(inPort, data, Tables.ROUTE, OFPacketInReason.ACTION, Tables.STATIC_COOKIE), now);
    }

    private static OFFlowAdd route(List<OFMessage> messages, String prefix, int priority) {
        IPv4AddressWithMask p = IPv4AddressWithMask.of(prefix);
        return flowAdds(messages, Tables.ROUTE).stream()
                .filter(f ->
                        f.getPriority() == priority && p.equals(f.getMatch().getMasked(MatchField.IPV4_DST)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route " + prefix + " at priority " + priority));
    }

    private static List<OFAction> actions(OFFlowAdd flow) {
        return ((OFInstructionApplyActions) flow.getInstructions().get(0)).getActions();
    }

    private static OFPort output(OFFlowAdd flow) {
        return actions(flow).stream()
                .filter(OFActionOutput.class::isInstance)
                .map(a -> ((OFActionOutput) a).getPort())
                .findFirst()
                .orElseThrow();
    }

    private static long ethDst(OFFlowAdd flow) {
        return actions(flow).stream()
                .filter(OFActionSetField.class::isInstance)
                .map(OFActionSetField.class::cast)
                .filter(s -> s.getField().getMatchField() == MatchField.ETH_DST)
                .map(s -> ((MacAddress) s.getField().getValue()).getLong())
                .findFirst()
                .orElseThrow();
    }
}
