package io.natflow.bench.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.SwitchPort;
import io.natflow.controller.codec.FinTimeoutAction;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.openflow.NatCounters;
import io.natflow.nat.openflow.NatRouter;
import io.natflow.nat.openflow.RouterConfig;
import io.natflow.nat.openflow.Tables;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

class AnswerCheckerTest {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final int PUBLIC_IP = RouterAddresses.publicAddress(0, 1); // 198.18.0.1
    private static final int PUBLIC_PORT = 40_000;
    private static final long GATEWAY_MAC = RouterAddresses.gatewayMac(0);
    private static final Set<OFFlowModFlags> SESSION_FLAGS =
            Set.of(OFFlowModFlags.SEND_FLOW_REM, OFFlowModFlags.RESET_COUNTS);

    private final Traffic tcpOnly = new Traffic(16, 0.0);
    private final Traffic udpOnly = new Traffic(16, 1.0);
    private final AnswerChecker checker = new AnswerChecker(GATEWAY_MAC);

    @Test
    void tcpFirstPacketsComeFromTheSynFlowAndUdpOnesMissTheNatTable() throws Exception {
        Connection syn = tcpOnly.next();
        OFPacketIn pi = (OFPacketIn) F.getReader().readFrom(packetIn(syn));
        assertEquals(OFPacketInReason.ACTION, pi.getReason());
        assertEquals(Tables.WATCH, pi.getTableId());
        assertEquals(Tables.SYN_COOKIE, pi.getCookie());
        assertEquals(OFPort.of(syn.inPort), pi.getMatch().get(MatchField.IN_PORT));
        assertEquals(OFBufferId.NO_BUFFER, pi.getBufferId());
        assertArrayEquals(syn.frame, pi.getData());

        Connection udp = udpOnly.next();
        pi = (OFPacketIn) F.getReader().readFrom(packetIn(udp));
        assertEquals(OFPacketInReason.NO_MATCH, pi.getReason());
        assertEquals(Tables.NAT, pi.getTableId());
        assertEquals(Tables.STATIC_COOKIE, pi.getCookie());
        assertArrayEquals(udp.frame, pi.getData());
    }

    @Test
    void rightAnswersCompleteTheSetup() {
        Connection c = expect(tcpOnly);
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(outbound(c))));
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(inbound(c))));
        assertEquals(AnswerChecker.Verdict.COMPLETE, checker.check(bytes(packetOut(translated(c)))));
        assertEquals(0, checker.outstanding());
    }

    @Test
    void rightUdpAnswersCarryNoFinTimeout() {
        Connection c = expect(udpOnly);
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(outbound(c))));
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(inbound(c))));
        assertEquals(AnswerChecker.Verdict.COMPLETE, checker.check(bytes(packetOut(translated(c)))));

        Connection d = expect(udpOnly);
        List<OFAction> withFin = new ArrayList<>(List.of(new FinTimeoutAction(4)));
        withFin.addAll(snat(d, PUBLIC_IP, PUBLIC_PORT));
        assertWrong(
                AnswerChecker.Problem.FIN_TIMEOUT,
                flow(d, match(d, d.internalIp, d.internalPort, d.remoteIp, d.remotePort), withFin, SESSION_FLAGS));
    }

    @Test
    void thePacketOutMayComeBeforeTheFlows() {
        Connection c = expect(tcpOnly);
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(packetOut(translated(c)))));
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(inbound(c))));
        assertEquals(AnswerChecker.Verdict.COMPLETE, checker.check(bytes(outbound(c))));
    }

    /** What natflow answered before issue 9: no fin_timeout, and the packet resubmitted to the pipeline. */
    @Test
    void rejectsTheAnswerBeforeIssue9() {
        Connection c = expect(tcpOnly);
        OFMessage oldFlow = flow(
                c,
                match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort),
                snat(c, PUBLIC_IP, PUBLIC_PORT),
                Set.of(OFFlowModFlags.SEND_FLOW_REM));
        assertWrong(AnswerChecker.Problem.FIN_TIMEOUT, oldFlow);

        Connection d = expect(tcpOnly);
        OFMessage resubmit = F.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.of(d.inPort))
                .setActions(List.of(F.actions()
                        .buildOutput()
                        .setPort(OFPort.TABLE)
                        .setMaxLen(0)
                        .build()))
                .setData(d.frame)
                .build();
        assertWrong(AnswerChecker.Problem.PACKET_OUT_IN_PORT, resubmit);

        Connection e = expect(tcpOnly);
        OFMessage toTable = F.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(F.actions()
                        .buildOutput()
                        .setPort(OFPort.TABLE)
                        .setMaxLen(0)
                        .build()))
                .setData(translated(e))
                .build();
        assertWrong(AnswerChecker.Problem.PACKET_OUT_ACTIONS, toTable);
    }

    @Test
    void rejectsFlowsWithOtherFlagsOrAHardTimeout() {
        Connection c = expect(tcpOnly);
        assertWrong(
                AnswerChecker.Problem.FLOW_ATTRIBUTES,
                flow(
                        c,
                        match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort),
                        withFin(snat(c, PUBLIC_IP, PUBLIC_PORT), 4),
                        Set.of(OFFlowModFlags.RESET_COUNTS)));
        Connection d = expect(tcpOnly);
        assertWrong(
                AnswerChecker.Problem.FLOW_ATTRIBUTES,
                flow(
                        d,
                        match(d, d.internalIp, d.internalPort, d.remoteIp, d.remotePort),
                        withFin(snat(d, PUBLIC_IP, PUBLIC_PORT), 4),
                        Set.of(OFFlowModFlags.SEND_FLOW_REM, OFFlowModFlags.CHECK_OVERLAP)));
        Connection e = expect(tcpOnly);
        OFMessage hard = F.buildFlowAdd()
                .setTableId(Tables.NAT)
                .setPriority(200)
                .setCookie(U64.of(42))
                .setMatch(match(e, e.internalIp, e.internalPort, e.remoteIp, e.remotePort))
                .setIdleTimeout(300)
                .setHardTimeout(60)
                .setFlags(SESSION_FLAGS)
                .setInstructions(List.of(
                        F.instructions().applyActions(withFin(snat(e, PUBLIC_IP, PUBLIC_PORT), 4)),
                        F.instructions().gotoTable(Tables.ROUTE)))
                .build();
        assertWrong(AnswerChecker.Problem.FLOW_ATTRIBUTES, hard);
    }

    @Test
    void rejectsAFinTimeoutWithoutIdleTimeoutOrTwo() {
        Connection c = expect(tcpOnly);
        byte[] zeroIdle = bytesOf(outbound(c));
        int fin = indexOfFinTimeout(zeroIdle);
        zeroIdle[fin + 10] = 0; // fin_idle_timeout
        zeroIdle[fin + 11] = 0;
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(Unpooled.wrappedBuffer(zeroIdle)));
        assertEquals(AnswerChecker.Problem.FIN_TIMEOUT, checker.problem());

        Connection d = expect(tcpOnly);
        assertWrong(
                AnswerChecker.Problem.FIN_TIMEOUT,
                flow(
                        d,
                        match(d, d.internalIp, d.internalPort, d.remoteIp, d.remotePort),
                        withFin(withFin(snat(d, PUBLIC_IP, PUBLIC_PORT), 4), 4),
                        SESSION_FLAGS));
    }

    @Test
    void rejectsAFlowWithAWrongSetField() {
        Connection c = expect(tcpOnly);
        // rewrites the destination port instead of the source port
        List<OFAction> wrong = withFin(
                List.of(
                        F.actions().decNwTtl(),
                        F.actions().setField(F.oxms().ipv4Src(IPv4Address.of(PUBLIC_IP))),
                        F.actions().setField(F.oxms().tcpDst(TransportPort.of(PUBLIC_PORT)))),
                4);
        assertWrong(
                AnswerChecker.Problem.OUTBOUND_SET_FIELD,
                flow(c, match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort), wrong, SESSION_FLAGS));
        assertEquals(0, checker.outstanding());
    }

    @Test
    void rejectsASourceRewriteToAPrivateAddress() {
        Connection c = expect(tcpOnly);
        assertWrong(
                AnswerChecker.Problem.OUTBOUND_SET_FIELD,
                flow(
                        c,
                        match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort),
                        withFin(snat(c, 0x0a00_0001, PUBLIC_PORT), 4),
                        SESSION_FLAGS));
    }

    @Test
    void rejectsAnswersThatDisagreeOnThePublicEndpoint() {
        Connection c = expect(tcpOnly);
        checker.check(bytes(flow(
                c,
                match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort),
                withFin(snat(c, PUBLIC_IP, PUBLIC_PORT + 1), 4),
                SESSION_FLAGS)));
        assertWrong(AnswerChecker.Problem.PUBLIC_ENDPOINT_MISMATCH, inbound(c));

        Connection d = expect(tcpOnly);
        checker.check(bytes(outbound(d)));
        byte[] otherPort =
                Packets.sourceTranslated(d.frame, Traffic.ROUTER_MAC, GATEWAY_MAC, PUBLIC_IP, PUBLIC_PORT + 1);
        assertWrong(AnswerChecker.Problem.PUBLIC_ENDPOINT_MISMATCH, packetOut(otherPort));
    }

    @Test
    void rejectsAPacketOutThatIsNotTheTranslatedPacket() {
        Connection c = expect(tcpOnly);
        checker.check(bytes(outbound(c)));
        byte[] payload = translated(c);
        payload[payload.length - 1] ^= 1; // TCP urgent pointer
        fixL4Checksum(payload);
        assertWrong(AnswerChecker.Problem.PACKET_OUT_DATA, packetOut(payload));

        Connection d = expect(tcpOnly);
        checker.check(bytes(outbound(d)));
        byte[] sameTtl = Packets.sourceTranslated(d.frame, Traffic.ROUTER_MAC, GATEWAY_MAC, PUBLIC_IP, PUBLIC_PORT);
        sameTtl[Packets.ETH + 8]++;
        fixIpChecksum(sameTtl);
        assertWrong(AnswerChecker.Problem.PACKET_OUT_DATA, packetOut(sameTtl));

        Connection e = expect(tcpOnly);
        checker.check(bytes(outbound(e)));
        byte[] otherGateway =
                Packets.sourceTranslated(e.frame, Traffic.ROUTER_MAC, GATEWAY_MAC + 1, PUBLIC_IP, PUBLIC_PORT);
        assertWrong(AnswerChecker.Problem.PACKET_OUT_DATA, packetOut(otherGateway));

        Connection u = expect(tcpOnly);
        checker.check(bytes(outbound(u)));
        byte[] untranslatedSource =
                Packets.sourceTranslated(u.frame, Traffic.ROUTER_MAC, GATEWAY_MAC, u.internalIp, u.internalPort);
        assertWrong(AnswerChecker.Problem.PACKET_OUT_DATA, packetOut(untranslatedSource));
    }

    @Test
    void rejectsAPacketOutWithABadChecksum() {
        Connection c = expect(tcpOnly);
        byte[] tcp = translated(c);
        tcp[Packets.ETH + Packets.IP + 16] ^= 0x10;
        assertWrong(AnswerChecker.Problem.PACKET_OUT_CHECKSUM, packetOut(tcp));

        Connection u = expect(udpOnly);
        byte[] ip = translated(u);
        ip[Packets.ETH + 10] ^= 0x01;
        assertWrong(AnswerChecker.Problem.PACKET_OUT_CHECKSUM, packetOut(ip));

        Connection v = expect(udpOnly);
        byte[] noUdpChecksum = translated(v);
        noUdpChecksum[Packets.ETH + Packets.IP + 6] = 0;
        noUdpChecksum[Packets.ETH + Packets.IP + 7] = 0;
        assertWrong(AnswerChecker.Problem.PACKET_OUT_CHECKSUM, packetOut(noUdpChecksum));
    }

    @Test
    void rejectsAPacketOutToAnotherPort() {
        Connection c = expect(tcpOnly);
        OFMessage toLan = F.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(F.actions()
                        .buildOutput()
                        .setPort(OFPort.of(1))
                        .setMaxLen(0)
                        .build()))
                .setData(translated(c))
                .build();
        assertWrong(AnswerChecker.Problem.PACKET_OUT_ACTIONS, toLan);
    }

    @Test
    void answersAboutNoConnectionAreUnmatched() {
        Connection c = tcpOnly.next(); // never expected
        assertEquals(AnswerChecker.Verdict.UNMATCHED, checker.check(bytes(outbound(c))));
        assertEquals(AnswerChecker.Problem.UNKNOWN_CONNECTION, checker.problem());
        assertEquals(AnswerChecker.Verdict.UNMATCHED, checker.check(bytes(packetOut(translated(c)))));
        assertEquals(AnswerChecker.Problem.UNKNOWN_CONNECTION, checker.problem());
    }

    /**
     * The real NAT router, told the gateway's MAC by the emulated gateway's ARP reply, answers the
     * emulator's packet-ins, TCP and UDP, and the checker accepts every answer.
     */
    @Test
    void acceptsWhatNatRouterAnswers() throws Exception {
        NatRouter router = new NatRouter(
                routerConfig(),
                new Nat(NatConfig.builder(PUBLIC_IP).perHostQuota(100_000).build()),
                F,
                new NatCounters());
        Gateway gateway = new Gateway(RouterAddresses.gatewayIp(0), GATEWAY_MAC);
        byte[] reply = null;
        for (OFMessage m : router.start(ports(), 0)) {
            reply = reply != null ? reply : gateway.replyTo(bytes(m));
        }
        assertNotNull(reply, "the router asked for the gateway");
        ByteBuf arp = Unpooled.buffer();
        OfWire.writePacketIn(
                arp, 1, OfWire.REASON_ACTION, OfWire.CLASSIFY_TABLE, OfWire.STATIC_COOKIE, Traffic.WAN_PORT, reply);
        router.packetIn((OFPacketIn) F.getReader().readFrom(arp), 1);
        assertTrue(router.gatewayResolved());

        Traffic mixed = new Traffic(8, 0.5);
        int tcp = 0;
        for (int i = 0; i < 200; i++) {
            Connection c = mixed.next();
            tcp += c.tcp ? 1 : 0;
            checker.expect(c);
            List<OFMessage> answers = router.packetIn((OFPacketIn) F.getReader().readFrom(packetIn(c)), 1_000 + i);
            assertEquals(3, answers.size(), "answers to connection " + i);
            AnswerChecker.Verdict last = null;
            for (OFMessage m : answers) {
                last = checker.check(bytes(m));
                assertTrue(
                        last != AnswerChecker.Verdict.WRONG && last != AnswerChecker.Verdict.UNMATCHED,
                        "connection " + i + ": " + last + " " + checker.problem() + " for " + m);
            }
            assertEquals(AnswerChecker.Verdict.COMPLETE, last);
            assertTrue(answers.get(2) instanceof OFPacketOut);
        }
        assertTrue(tcp > 50 && tcp < 150, "both protocols: " + tcp + " TCP");
    }

    static List<SwitchPort> ports() {
        List<SwitchPort> ports = new ArrayList<>();
        for (int n = 1; n <= Traffic.WAN_PORT; n++) {
            ports.add(
                    new SwitchPort(n, n == Traffic.WAN_PORT ? "wan" : "lan" + n, "02:00:00:00:00:0" + n, false, false));
        }
        return ports;
    }

    private static RouterConfig routerConfig() {
        return new RouterConfig(
                1,
                Traffic.LAN_NETWORK,
                16,
                Traffic.ROUTER_IP,
                Traffic.ROUTER_MAC,
                List.of("lan1", "lan2", "lan3", "lan4"),
                "wan",
                RouterAddresses.gatewayIp(0),
                NatConfig.builder(PUBLIC_IP).build(),
                List.of(),
                Duration.ofSeconds(1));
    }

    private void assertWrong(AnswerChecker.Problem expected, OFMessage m) {
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(bytes(m)), () -> "problem " + checker.problem());
        assertEquals(expected, checker.problem());
    }

    private Connection expect(Traffic traffic) {
        Connection c = traffic.next();
        checker.expect(c);
        return c;
    }

    private static byte[] translated(Connection c) {
        return Packets.sourceTranslated(c.frame, Traffic.ROUTER_MAC, GATEWAY_MAC, PUBLIC_IP, PUBLIC_PORT);
    }

    private static ByteBuf packetIn(Connection c) {
        ByteBuf buf = Unpooled.buffer();
        OfWire.writePacketIn(buf, c, 7);
        assertEquals(OfWire.packetInLength(c), buf.readableBytes());
        return buf;
    }

    private static List<OFAction> snat(Connection c, int ip, int port) {
        return List.of(
                F.actions().decNwTtl(),
                F.actions().setField(F.oxms().ipv4Src(IPv4Address.of(ip))),
                F.actions()
                        .setField(
                                c.tcp
                                        ? F.oxms().tcpSrc(TransportPort.of(port))
                                        : F.oxms().udpSrc(TransportPort.of(port))));
    }

    private static List<OFAction> withFin(List<OFAction> actions, int seconds) {
        List<OFAction> out = new ArrayList<>(List.of(new FinTimeoutAction(seconds)));
        out.addAll(actions);
        return out;
    }

    private static OFMessage outbound(Connection c) {
        List<OFAction> actions = snat(c, PUBLIC_IP, PUBLIC_PORT);
        return flow(
                c,
                match(c, c.internalIp, c.internalPort, c.remoteIp, c.remotePort),
                c.tcp ? withFin(actions, 4) : actions,
                SESSION_FLAGS);
    }

    private static OFMessage inbound(Connection c) {
        List<OFAction> actions = List.of(
                F.actions().decNwTtl(),
                F.actions().setField(F.oxms().ipv4Dst(IPv4Address.of(c.internalIp))),
                F.actions()
                        .setField(
                                c.tcp
                                        ? F.oxms().tcpDst(TransportPort.of(c.internalPort))
                                        : F.oxms().udpDst(TransportPort.of(c.internalPort))));
        return flow(
                c,
                match(c, c.remoteIp, c.remotePort, PUBLIC_IP, PUBLIC_PORT),
                c.tcp ? withFin(actions, 4) : actions,
                SESSION_FLAGS);
    }

    private static Match match(Connection c, int src, int sport, int dst, int dport) {
        Match.Builder b = F.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, c.tcp ? IpProtocol.TCP : IpProtocol.UDP)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(src))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(dst));
        if (c.tcp) {
            b.setExact(MatchField.TCP_SRC, TransportPort.of(sport))
                    .setExact(MatchField.TCP_DST, TransportPort.of(dport));
        } else {
            b.setExact(MatchField.UDP_SRC, TransportPort.of(sport))
                    .setExact(MatchField.UDP_DST, TransportPort.of(dport));
        }
        return b.build();
    }

    private static OFMessage flow(Connection c, Match match, List<OFAction> actions, Set<OFFlowModFlags> flags) {
        return F.buildFlowAdd()
                .setTableId(Tables.NAT)
                .setPriority(200)
                .setCookie(U64.of(42))
                .setMatch(match)
                .setIdleTimeout(c.tcp ? 7440 : 300)
                .setFlags(flags)
                .setInstructions(List.of(
                        F.instructions().applyActions(actions), F.instructions().gotoTable(Tables.ROUTE)))
                .build();
    }

    private static OFMessage packetOut(byte[] data) {
        return F.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(F.actions()
                        .buildOutput()
                        .setPort(OFPort.of(Traffic.WAN_PORT))
                        .setMaxLen(0)
                        .build()))
                .setData(data)
                .build();
    }

    private static int indexOfFinTimeout(byte[] flowMod) {
        for (int i = 0; i + 10 <= flowMod.length; i++) {
            if ((flowMod[i] & 0xff) == 0xff
                    && (flowMod[i + 1] & 0xff) == 0xff
                    && flowMod[i + 3] == 16
                    && flowMod[i + 6] == 0x23
                    && flowMod[i + 7] == 0x20
                    && flowMod[i + 9] == 19) {
                return i;
            }
        }
        throw new AssertionError("no fin_timeout");
    }

    /** Recomputes the IPv4 header checksum, so only the field under test is wrong. */
    private static void fixIpChecksum(byte[] f) {
        f[Packets.ETH + 10] = 0;
        f[Packets.ETH + 11] = 0;
        long s = 0;
        for (int i = 0; i < Packets.IP; i += 2) {
            s += ((f[Packets.ETH + i] & 0xff) << 8) | (f[Packets.ETH + i + 1] & 0xff);
        }
        int sum = fold(s);
        f[Packets.ETH + 10] = (byte) (sum >>> 8);
        f[Packets.ETH + 11] = (byte) sum;
    }

    /** Recomputes the TCP checksum (pseudo header included). */
    private static void fixL4Checksum(byte[] f) {
        int l4 = Packets.ETH + Packets.IP;
        f[l4 + 16] = 0;
        f[l4 + 17] = 0;
        int len = f.length - l4;
        long s = 6 + len;
        for (int i = 12; i < 20; i += 2) {
            s += ((f[Packets.ETH + i] & 0xff) << 8) | (f[Packets.ETH + i + 1] & 0xff);
        }
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((f[l4 + i] & 0xff) << 8) | (f[l4 + i + 1] & 0xff);
        }
        int sum = fold(s);
        f[l4 + 16] = (byte) (sum >>> 8);
        f[l4 + 17] = (byte) sum;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    static ByteBuf bytes(OFMessage m) {
        ByteBuf buf = Unpooled.buffer();
        m.writeTo(buf);
        return buf;
    }

    private static byte[] bytesOf(OFMessage m) {
        ByteBuf buf = bytes(m);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
