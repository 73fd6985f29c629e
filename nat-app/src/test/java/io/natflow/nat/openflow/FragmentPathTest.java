package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.ArpInspectionTest.learn;
import static io.natflow.nat.openflow.ArpInspectionTest.outPort;
import static io.natflow.nat.openflow.ArpInspectionTest.parse;
import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.types.OFPort;

/** Later fragments follow their own first fragment, by (src, dst, protocol, IP id) (issue 10.8). */
class FragmentPathTest {
    static final long H2_MAC = 0x0200_0a00_000cL;
    static final int SERVER_PORT = 7000;

    @Test
    void theSwitchCopiesFirstFragmentHeadersAboveEachPassFlowAsOvsIpFragFirst() {
        RouterFixture r = new RouterFixture();
        List<OFFlowAdd> copies = flowAdds(r.startMessages, Tables.CLASSIFY).stream()
                .filter(f -> f.getCookie().equals(Tables.FRAGMENT_COOKIE))
                .toList();
        assertEquals(2 * 4, copies.size(), "TCP and UDP, from the WAN and from each of the 3 LAN ports");
        assertEquals(
                2,
                copies.stream()
                        .filter(f -> f.getPriority() == PipelineFlows.P_WAN_TO_ROUTER + 1)
                        .count());
        assertEquals(
                6,
                copies.stream()
                        .filter(f -> f.getPriority() == PipelineFlows.P_LAN_TO_ROUTER + 1)
                        .count());
        for (OFFlowAdd copy : copies) {
            var apply = (OFInstructionApplyActions) copy.getInstructions().get(0);
            OFActionOutput toController = (OFActionOutput) apply.getActions().get(0);
            assertEquals(OFPort.CONTROLLER, toController.getPort());
            assertEquals(FlowMods.HEADER_COPY_BYTES, toController.getMaxLen(), "a header copy, not the fragment");
            assertEquals(
                    Tables.WATCH,
                    ((OFInstructionGotoTable) copy.getInstructions().get(1)).getTableId(),
                    "the fragment itself goes on as through the pass flow");
            ByteBuf wire = Unpooled.buffer();
            copy.writeTo(wire);
            String hex = ByteBufUtil.hexDump(wire);
            // NXM_NX_IP_FRAG with mask (0x00013502), value 1 (fragment) / mask 3 (fragment|later): ip_frag=first
            assertTrue(hex.contains("000135020103"), hex);
            assertTrue(hex.contains("80000a020800"), "eth_type IPv4 comes first (the field's prerequisite): " + hex);
        }
    }

    @Test
    void twoHostsReceivingFragmentedDatagramsFromOneServerEachGetTheirOwn() {
        RouterFixture r = withTwoUdpSessions();
        Mapping a = udpMapping(r, H1);
        Mapping b = udpMapping(r, H2);
        // srv sends a 3000-byte datagram to each: the datapath translates the first fragments
        // and sends their headers up; the later fragments miss the NAT table.
        headerCopy(
                r,
                TestPackets.firstFragment(
                        EtherTypes.PROTO_UDP, SRV, SERVER_PORT, PUBLIC_IP, a.publicPort(), 100, 3008, 1480),
                10);
        headerCopy(
                r,
                TestPackets.firstFragment(
                        EtherTypes.PROTO_UDP, SRV, SERVER_PORT, PUBLIC_IP, b.publicPort(), 200, 3008, 1480),
                10);
        for (int[] datagram : new int[][] {{100, 1}, {200, 2}}) {
            for (int offset : new int[] {1480, 2960}) {
                OFPacketOut out = packetOuts(r.miss(
                                4,
                                TestPackets.laterFragment(
                                        EtherTypes.PROTO_UDP,
                                        SRV,
                                        PUBLIC_IP,
                                        datagram[0],
                                        offset,
                                        offset == 1480,
                                        offset == 1480 ? 1480 : 48),
                                20))
                        .get(0);
                int host = datagram[1] == 1 ? H1 : H2;
                assertEquals(host, parse(out.getData()).ipv4().dst(), "datagram " + datagram[0] + " @" + offset);
                assertEquals(OFPort.of(datagram[1]), outPort(out));
            }
        }
        assertEquals(4, r.counters.get("slow_path"));
    }

    @Test
    void aLaterFragmentBeforeItsFirstWaitsAndFollowsIt() {
        RouterFixture r = withTwoUdpSessions();
        Mapping b = udpMapping(r, H2);
        byte[] later = TestPackets.laterFragment(EtherTypes.PROTO_UDP, SRV, PUBLIC_IP, 300, 1480, false, 48);
        assertTrue(packetOuts(r.miss(4, later, 10)).isEmpty(), "held");
        assertEquals(1, r.counters.get("fragment_held"));
        List<OFMessage> released = headerCopy(
                r,
                TestPackets.firstFragment(
                        EtherTypes.PROTO_UDP, SRV, SERVER_PORT, PUBLIC_IP, b.publicPort(), 300, 1528, 1480),
                20);
        OFPacketOut out = packetOuts(released).get(0);
        assertEquals(H2, parse(out.getData()).ipv4().dst(), "to the host of its own first fragment");
        assertEquals(OFPort.of(2), outPort(out));
        assertTrue(TestPackets.ipHeaderValid(out.getData(), 14));
    }

    @Test
    void inboundTcpLaterFragmentsReachTheHost() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, ArpInspectionTest.H1_MAC);
        r.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0);
        Mapping m = r.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        headerCopy(
                r,
                TestPackets.firstFragment(EtherTypes.PROTO_TCP, SRV, 80, PUBLIC_IP, m.publicPort(), 7, 2000, 1480),
                10);
        OFPacketOut out = packetOuts(r.miss(
                        4, TestPackets.laterFragment(EtherTypes.PROTO_TCP, SRV, PUBLIC_IP, 7, 1480, false, 520), 20))
                .get(0);
        assertEquals(H1, parse(out.getData()).ipv4().dst());
        assertEquals(0, r.counters.get("drop.FRAGMENT_UNMATCHED"));
    }

    @Test
    void outboundLaterFragmentsOfANewSessionTakeThePublicAddress() {
        RouterFixture r = new RouterFixture();
        learnGateway(r);
        byte[] first = TestPackets.firstFragment(EtherTypes.PROTO_UDP, H1, 5000, SRV, SERVER_PORT, 9, 3008, 1480);
        headerCopy(r, first.clone(), 0, 1); // the copy comes first: no mapping yet
        r.miss(1, first, 0); // then the NAT-table miss creates the session
        OFPacketOut out = packetOuts(
                        r.miss(1, TestPackets.laterFragment(EtherTypes.PROTO_UDP, H1, SRV, 9, 1480, true, 1480), 5))
                .get(0);
        assertEquals(PUBLIC_IP, parse(out.getData()).ipv4().src());
        assertEquals(WAN, outPort(out));
    }

    @Test
    void icmpEchoReplyFragmentsOutOfOrderFollowTheirFirstFragmentThroughTheSlowPath() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, ArpInspectionTest.H1_MAC);
        learnGateway(r);
        r.miss(1, TestPackets.icmpEcho(H1, SRV, IcmpMessage.ECHO_REQUEST, 77, 1, 8), 0);
        Mapping m = r.nat.lookupInternal(Protocol.ICMP, new Endpoint(H1, 77)).orElseThrow();
        assertTrue(
                packetOuts(r.miss(
                                4,
                                TestPackets.laterFragment(EtherTypes.PROTO_ICMP, SRV, PUBLIC_IP, 55, 1480, false, 40),
                                10))
                        .isEmpty(),
                "held");
        byte[] replyFirst =
                fragmentOf(TestPackets.icmpEcho(SRV, PUBLIC_IP, IcmpMessage.ECHO_REPLY, m.publicPort(), 1, 1472), 55);
        List<OFPacketOut> outs = packetOuts(r.miss(4, replyFirst, 20));
        assertEquals(2, outs.size(), "the first fragment, then the later one that waited");
        for (OFPacketOut out : outs) {
            assertEquals(H1, parse(out.getData()).ipv4().dst());
        }
        assertTrue(parse(outs.get(1).getData()).ipv4().isLaterFragment());
    }

    @Test
    void heldFragmentsAreBoundedInNumberAndTime() {
        RouterFixture r = new RouterFixture();
        for (int i = 0; i <= FragmentTracker.MAX_HELD_PER_DATAGRAM; i++) {
            r.miss(4, TestPackets.laterFragment(EtherTypes.PROTO_UDP, SRV, PUBLIC_IP, 1, 8 * (i + 1), true, 8), 0);
        }
        assertEquals(1, r.counters.get("drop.FRAGMENT_HOLD_FULL"), "one datagram holds at most MAX_HELD_PER_DATAGRAM");
        for (int id = 2; r.counters.get("drop.FRAGMENT_HOLD_FULL") == 1; id++) {
            r.miss(4, TestPackets.laterFragment(EtherTypes.PROTO_UDP, SRV, PUBLIC_IP, id, 8, true, 8), 0);
        }
        assertEquals(FragmentTracker.MAX_HELD, r.counters.get("fragment_held"), "and all of them at most MAX_HELD");
        r.router.tick(FragmentTracker.HOLD_MILLIS);
        assertEquals(0, r.counters.get("drop.FRAGMENT_UNMATCHED"), "not before HOLD_MILLIS");
        r.router.tick(FragmentTracker.HOLD_MILLIS + 1);
        assertEquals(FragmentTracker.MAX_HELD, r.counters.get("drop.FRAGMENT_UNMATCHED"));
    }

    @Test
    void aLaterFragmentFromARemoteTheMappingDoesNotAdmitIsDropped() {
        RouterFixture r = withTwoUdpSessions();
        Mapping a = udpMapping(r, H1);
        headerCopy(
                r,
                TestPackets.firstFragment(EtherTypes.PROTO_UDP, SRV, 9999, PUBLIC_IP, a.publicPort(), 400, 3008, 1480),
                10);
        assertTrue(packetOuts(r.miss(
                        4, TestPackets.laterFragment(EtherTypes.PROTO_UDP, SRV, PUBLIC_IP, 400, 1480, false, 48), 20))
                .isEmpty());
        assertEquals(
                1,
                r.counters.get("drop.FILTERED"),
                "address-and-port-dependent filtering: srv:9999 was never contacted");
    }

    private static RouterFixture withTwoUdpSessions() {
        RouterFixture r = new RouterFixture();
        learn(r, 1, H1, ArpInspectionTest.H1_MAC);
        learn(r, 2, H2, H2_MAC);
        r.miss(1, TestPackets.udp(H1, 5000, SRV, SERVER_PORT, 8), 0);
        r.miss(2, TestPackets.udp(H2, 5000, SRV, SERVER_PORT, 8), 0);
        return r;
    }

    private static Mapping udpMapping(RouterFixture r, int host) {
        return r.nat.lookupInternal(Protocol.UDP, new Endpoint(host, 5000)).orElseThrow();
    }

    private static void learnGateway(RouterFixture r) {
        r.router.packetIn(
                packetIn(
                        4,
                        io.natflow.nat.packet.GeneratedFrames.arpReply(
                                GATEWAY_MAC,
                                GATEWAY,
                                parse(io.natflow.nat.packet.GeneratedFrames.arpRequest(ROUTER_MAC, PUBLIC_IP, GATEWAY))
                                        .arp()),
                        Tables.CLASSIFY,
                        OFPacketInReason.ACTION,
                        Tables.STATIC_COOKIE),
                0);
    }

    private static List<OFMessage> headerCopy(RouterFixture r, byte[] firstFragment, long now) {
        return headerCopy(r, firstFragment, now, 4);
    }

    /** The packet-in of a first fragment's header copy: cut to HEADER_COPY_BYTES, as the switch sends it. */
    private static List<OFMessage> headerCopy(RouterFixture r, byte[] firstFragment, long now, int inPort) {
        byte[] cut = Arrays.copyOf(firstFragment, Math.min(firstFragment.length, FlowMods.HEADER_COPY_BYTES));
        return r.router.packetIn(
                packetIn(inPort, cut, Tables.CLASSIFY, OFPacketInReason.ACTION, Tables.FRAGMENT_COOKIE), now);
    }

    /** {@code whole} (an ICMP frame) as the first fragment of IP datagram {@code ipId}, its checksums as they were. */
    private static byte[] fragmentOf(byte[] whole, int ipId) {
        byte[] f = whole.clone();
        f[18] = (byte) (ipId >> 8);
        f[19] = (byte) ipId;
        f[20] = 0x20; // MF
        f[24] = 0;
        f[25] = 0;
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        f[24] = (byte) (~sum >> 8);
        f[25] = (byte) ~sum;
        return f;
    }
}
