package io.natflow.bench.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.openflow.NatCounters;
import io.natflow.nat.openflow.NatRouter;
import io.natflow.nat.openflow.RouterConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

class AnswerCheckerTest {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final int PUBLIC_IP = 0xc612_0001; // 198.18.0.1
    private static final int PUBLIC_PORT = 40_000;

    private final Traffic traffic = new Traffic(16, 0.0); // TCP only
    private final AnswerChecker checker = new AnswerChecker();

    @Test
    void packetInIsWhatLoxiReads() throws Exception {
        Connection c = traffic.next();
        OFPacketIn pi = (OFPacketIn) F.getReader().readFrom(packetIn(c));
        assertEquals(OFPacketInReason.NO_MATCH, pi.getReason());
        assertEquals(TableId.of(2), pi.getTableId());
        assertEquals(U64.of(OfWire.STATIC_COOKIE), pi.getCookie());
        assertEquals(OFPort.of(c.inPort), pi.getMatch().get(MatchField.IN_PORT));
        assertEquals(OFBufferId.NO_BUFFER, pi.getBufferId());
        assertEquals(true, Arrays.equals(c.frame, pi.getData()));
    }

    @Test
    void rightAnswersCompleteTheSetup() {
        Connection c = expect();
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(outbound(c, setSrc(PUBLIC_IP, PUBLIC_PORT)))));
        assertEquals(AnswerChecker.Verdict.PROGRESS, checker.check(bytes(inbound(c))));
        assertEquals(AnswerChecker.Verdict.COMPLETE, checker.check(bytes(packetOut(c, c.frame))));
        assertEquals(0, checker.outstanding());
    }

    @Test
    void rejectsAFlowWithAWrongSetField() {
        Connection c = expect();
        // rewrites the destination port instead of the source port
        List<OFAction> wrong = List.of(F.actions().decNwTtl(),
                F.actions().setField(F.oxms().ipv4Src(IPv4Address.of(PUBLIC_IP))),
                F.actions().setField(F.oxms().tcpDst(TransportPort.of(PUBLIC_PORT))));
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(bytes(outbound(c, wrong))));
        assertEquals(AnswerChecker.Problem.OUTBOUND_SET_FIELD, checker.problem());
        assertEquals(0, checker.outstanding());
    }

    @Test
    void rejectsASourceRewriteToAPrivateAddress() {
        Connection c = expect();
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(bytes(outbound(c, setSrc(0x0a00_0001, PUBLIC_PORT)))));
        assertEquals(AnswerChecker.Problem.OUTBOUND_SET_FIELD, checker.problem());
    }

    @Test
    void rejectsFlowsThatDisagreeOnThePublicEndpoint() {
        Connection c = expect();
        checker.check(bytes(outbound(c, setSrc(PUBLIC_IP, PUBLIC_PORT + 1))));
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(bytes(inbound(c))));
        assertEquals(AnswerChecker.Problem.PUBLIC_ENDPOINT_MISMATCH, checker.problem());
    }

    @Test
    void rejectsAPacketOutWithOtherBytes() {
        Connection c = expect();
        byte[] other = c.frame.clone();
        other[other.length - 1] ^= 1;
        assertEquals(AnswerChecker.Verdict.WRONG, checker.check(bytes(packetOut(c, other))));
        assertEquals(AnswerChecker.Problem.PACKET_OUT_DATA, checker.problem());
    }

    @Test
    void answersAboutNoConnectionAreUnmatched() {
        Connection c = traffic.next(); // never expected
        assertEquals(AnswerChecker.Verdict.UNMATCHED, checker.check(bytes(outbound(c, setSrc(PUBLIC_IP, PUBLIC_PORT)))));
        assertEquals(AnswerChecker.Problem.UNKNOWN_CONNECTION, checker.problem());
    }

    /** The real NAT router answers the emulator's packet-ins, TCP and UDP, and the checker accepts them. */
    @Test
    void acceptsWhatNatRouterAnswers() throws Exception {
        NatRouter router = new NatRouter(routerConfig(), new Nat(NatConfig.builder(PUBLIC_IP).perHostQuota(100_000).build()),
                F, new NatCounters());
        List<SwitchPort> ports = new ArrayList<>();
        for (int n = 1; n <= Traffic.WAN_PORT; n++) {
            ports.add(new SwitchPort(n, n == Traffic.WAN_PORT ? "wan" : "lan" + n, "02:00:00:00:00:0" + n, false, false));
        }
        router.start(ports, 0);
        Traffic mixed = new Traffic(8, 0.5);
        for (int i = 0; i < 200; i++) {
            Connection c = mixed.next();
            checker.expect(c);
            List<OFMessage> answers = router.packetIn((OFPacketIn) F.getReader().readFrom(packetIn(c)), 1_000 + i);
            assertEquals(3, answers.size(), "answers to connection " + i);
            AnswerChecker.Verdict last = null;
            for (OFMessage m : answers) {
                last = checker.check(bytes(m));
                assertEquals(true, last != AnswerChecker.Verdict.WRONG && last != AnswerChecker.Verdict.UNMATCHED,
                        "connection " + i + ": " + last + " " + checker.problem() + " for " + m);
            }
            assertEquals(AnswerChecker.Verdict.COMPLETE, last);
        }
    }

    private static RouterConfig routerConfig() {
        return new RouterConfig(1, Traffic.LAN_NETWORK, 16, Traffic.ROUTER_IP, Traffic.ROUTER_MAC,
                List.of("lan1", "lan2", "lan3", "lan4"), "wan", 0xc612_00fe,
                NatConfig.builder(PUBLIC_IP).build(), List.of(), Duration.ofSeconds(1));
    }

    private Connection expect() {
        Connection c = traffic.next();
        checker.expect(c);
        return c;
    }

    private static ByteBuf packetIn(Connection c) {
        ByteBuf buf = Unpooled.buffer();
        OfWire.writePacketIn(buf, c, 7);
        assertEquals(OfWire.packetInLength(c), buf.readableBytes());
        return buf;
    }

    private static List<OFAction> setSrc(int ip, int port) {
        return List.of(F.actions().decNwTtl(),
                F.actions().setField(F.oxms().ipv4Src(IPv4Address.of(ip))),
                F.actions().setField(F.oxms().tcpSrc(TransportPort.of(port))));
    }

    private static OFMessage outbound(Connection c, List<OFAction> actions) {
        return flow(match(c.internalIp, c.internalPort, c.remoteIp, c.remotePort), actions);
    }

    private static OFMessage inbound(Connection c) {
        List<OFAction> actions = List.of(F.actions().decNwTtl(),
                F.actions().setField(F.oxms().ipv4Dst(IPv4Address.of(c.internalIp))),
                F.actions().setField(F.oxms().tcpDst(TransportPort.of(c.internalPort))));
        return flow(match(c.remoteIp, c.remotePort, PUBLIC_IP, PUBLIC_PORT), actions);
    }

    private static Match match(int src, int sport, int dst, int dport) {
        return F.buildMatch()
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(src))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(dst))
                .setExact(MatchField.TCP_SRC, TransportPort.of(sport))
                .setExact(MatchField.TCP_DST, TransportPort.of(dport))
                .build();
    }

    private static OFMessage flow(Match match, List<OFAction> actions) {
        return F.buildFlowAdd().setTableId(TableId.of(2)).setPriority(200).setCookie(U64.of(42))
                .setMatch(match).setIdleTimeout(300).setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM))
                .setInstructions(List.of(F.instructions().applyActions(actions), F.instructions().gotoTable(TableId.of(3))))
                .build();
    }

    private static OFMessage packetOut(Connection c, byte[] data) {
        return F.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.of(c.inPort))
                .setActions(List.of(F.actions().buildOutput().setPort(OFPort.TABLE).setMaxLen(0).build()))
                .setData(data).build();
    }

    private static ByteBuf bytes(OFMessage m) {
        ByteBuf buf = Unpooled.buffer();
        m.writeTo(buf);
        return buf;
    }

}
