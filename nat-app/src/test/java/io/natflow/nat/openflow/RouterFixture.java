package io.natflow.nat.openflow;

import static io.natflow.nat.packet.TestPackets.ip;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A router for the mininet topology's addressing, driven without a switch. */
final class RouterFixture {
    static final OFFactory OF = OFFactories.getFactory(OFVersion.OF_13);
    static final int LAN_IP = ip("10.0.0.1");
    static final int PUBLIC_IP = ip("203.0.113.1");
    static final int GATEWAY = ip("203.0.113.254");
    static final long ROUTER_MAC = 0x0200_0000_0001L;
    static final long GATEWAY_MAC = 0x0200_cb00_71feL;
    static final int H1 = ip("10.0.0.11");
    static final int H2 = ip("10.0.0.12");
    static final int SRV = ip("198.51.100.80");
    static final OFPort WAN = OFPort.of(4);

    final NatCounters counters = new NatCounters();
    final Nat nat;
    final NatRouter router;
    final List<OFMessage> startMessages;

    RouterFixture(UnaryOperator<NatConfig.Builder> natOptions, List<ForwardRule> forwards) {
        this(natOptions, forwards, Routes.NONE);
    }

    /** A router with routed LAN prefixes and static WAN routes. */
    RouterFixture(Routes routes) {
        this(b -> b, List.of(), routes);
    }

    RouterFixture(UnaryOperator<NatConfig.Builder> natOptions, List<ForwardRule> forwards, Routes routes) {
        NatConfig natConfig = natOptions
                .apply(NatConfig.builder(PUBLIC_IP).tcpTransitoryTimeout(Duration.ofSeconds(4)))
                .build();
        RouterConfig config = new RouterConfig(
                1L,
                ip("10.0.0.0"),
                24,
                LAN_IP,
                ROUTER_MAC,
                List.of("s1-eth1", "s1-eth2", "s1-eth3"),
                "s1-eth4",
                GATEWAY,
                natConfig,
                forwards,
                Duration.ofSeconds(1),
                PacketInLimits.DEFAULTS,
                routes,
                null);
        nat = new Nat(natConfig, new SplittableRandom(7), 16);
        forwards.forEach(rule -> nat.addForward(rule, 0));
        router = new NatRouter(config, nat, OF, counters);
        startMessages = router.start(ports(), 0);
    }

    RouterFixture() {
        this(b -> b, List.of());
    }

    static List<SwitchPort> ports() {
        List<SwitchPort> ports = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ports.add(new SwitchPort(i, "s1-eth" + i, "aa:00:00:00:00:0" + i, false, false));
        }
        return ports;
    }

    static OFPacketIn packetIn(int inPort, byte[] data, TableId table, OFPacketInReason reason, U64 cookie) {
        return OF.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(data.length)
                .setReason(reason)
                .setTableId(table)
                .setCookie(cookie)
                .setMatch(OF.buildMatch()
                        .setExact(MatchField.IN_PORT, OFPort.of(inPort))
                        .build())
                .setData(data)
                .build();
    }

    /** A TCP SYN (without ACK) that WATCH sent up: every TCP connection's first packet. */
    List<OFMessage> syn(int inPort, byte[] data, long now) {
        return router.packetIn(packetIn(inPort, data, Tables.WATCH, OFPacketInReason.ACTION, Tables.SYN_COOKIE), now);
    }

    /** The switch removed a session flow by itself (idle timeout) after {@code packets} packets. */
    List<OFMessage> idleRemoval(OFFlowAdd flow, int idleTimeout, long packets, long now) {
        return router.flowRemoved(
                OF.buildFlowRemoved()
                        .setCookie(flow.getCookie())
                        .setPriority(flow.getPriority())
                        .setReason(org.projectfloodlight.openflow.protocol.OFFlowRemovedReason.IDLE_TIMEOUT)
                        .setTableId(Tables.NAT)
                        .setIdleTimeout(idleTimeout)
                        .setPacketCount(U64.of(packets))
                        .setMatch(flow.getMatch())
                        .build(),
                now);
    }

    /** A NAT-table miss, what a new UDP flow (or a TCP packet without a session) produces. */
    List<OFMessage> miss(int inPort, byte[] data, long now) {
        return router.packetIn(
                packetIn(inPort, data, Tables.NAT, OFPacketInReason.NO_MATCH, Tables.STATIC_COOKIE), now);
    }

    static <T> List<T> only(List<OFMessage> messages, Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<OFFlowAdd> flowAdds(List<OFMessage> messages, TableId table) {
        return only(messages, OFFlowAdd.class).stream()
                .filter(f -> f.getTableId().equals(table))
                .toList();
    }

    static List<OFPacketOut> packetOuts(List<OFMessage> messages) {
        return only(messages, OFPacketOut.class);
    }
}
