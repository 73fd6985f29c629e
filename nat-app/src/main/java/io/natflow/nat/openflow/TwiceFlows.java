package io.natflow.nat.openflow;

import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The flows of twice NAT between LAN segments, all in CLASSIFY above the rules and guards: a
 * packet that crosses segments is never NATed to the WAN, whatever the rule list says.
 *
 * <ul>
 *   <li>per segment port and other segment, a punt: IPv4 from the segment's prefix to the other
 *       segment's alias goes to UP (the controller, metered per port where a meter exists);
 *   <li>per extra segment port, the router's own address on that segment to UP (ping), the
 *       rest of its IPv4 for the router's MAC to UP too (refused there: segments are not
 *       masqueraded), and a wall: anything else that is not ARP stays on the segment (its hosts'
 *       MACs only), so no frame reaches the main LAN's hosts by their MAC;
 *   <li>per host pair that talks, two flows (one per direction) that rewrite source and
 *       destination, set the MACs, decrement TTL and output to the other segment's port;
 *       idle timeout as the NAT's UDP sessions, cookie {@link #PAIR_COOKIE}.
 * </ul>
 */
final class TwiceFlows {
    static final int P_PUNT = RuleFlows.GUARD + 10;
    static final int P_PAIR = RuleFlows.GUARD + 20;
    /** An extra segment's frames stay on it: above the main LAN's hosts' L2 flows. */
    static final int P_SEGMENT_WALL = PipelineFlows.P_LAN_HOST_L2 + 1;

    static final int P_SEGMENT_L2 = PipelineFlows.P_LAN_HOST_L2 + 2;
    /** The rest of an extra segment's IPv4 for the router (the WAN, say): up, to be refused with ICMP and counted. */
    static final int P_SEGMENT_ROUTED = PipelineFlows.P_LAN_HOST_L2 + 3;
    /** Pair flows: the same cookie for all, so one masked delete removes them (a host moved). */
    static final U64 PAIR_COOKIE = U64.of(0x4e46_0000_0000_0030L);

    static final U64 SEGMENT_COOKIE = U64.of(0x4e46_0000_0000_0031L);

    private final RouterConfig config;
    private final FlowMods mods;
    private final OFFactory f;
    private final int idleSeconds;

    TwiceFlows(RouterConfig config, FlowMods mods) {
        this.config = config;
        this.mods = mods;
        this.f = mods.factory();
        this.idleSeconds = (int) Math.min(65_535, Math.max(1, config.nat().udpTimeoutMillis() / 1000));
    }

    /** The static flows: punts per segment port and other segment, the extra segments' router address and wall. */
    List<OFMessage> install(TwiceNat plan, List<List<OFPort>> sidePorts) {
        List<OFMessage> out = new ArrayList<>();
        MacAddress routerMac = MacAddress.of(config.routerMac());
        for (TwiceNat.Side side : plan.sides()) {
            for (OFPort port : sidePorts.get(side.index())) {
                for (TwiceNat.Side other : plan.sides()) {
                    if (other.index() == side.index()) {
                        continue;
                    }
                    Match m = ipFrom(port, routerMac)
                            .setMasked(MatchField.IPV4_SRC, masked(side.prefix()))
                            .setMasked(MatchField.IPV4_DST, masked(other.alias()))
                            .build();
                    out.add(mods.add(Tables.CLASSIFY, P_PUNT, SEGMENT_COOKIE, m, mods.gotoTable(Tables.UP), 0, false));
                }
                if (side.index() > 0) {
                    Match toRouter = ipFrom(port, routerMac)
                            .setExact(MatchField.IPV4_DST, IPv4Address.of(side.routerAddress()))
                            .build();
                    out.add(mods.add(
                            Tables.CLASSIFY, P_PUNT, SEGMENT_COOKIE, toRouter, mods.gotoTable(Tables.UP), 0, false));
                    out.add(mods.add(
                            Tables.CLASSIFY,
                            P_SEGMENT_ROUTED,
                            SEGMENT_COOKIE,
                            ipFrom(port, routerMac).build(),
                            mods.gotoTable(Tables.UP),
                            0,
                            false));
                    out.add(mods.add(
                            Tables.CLASSIFY,
                            P_SEGMENT_WALL,
                            SEGMENT_COOKIE,
                            f.buildMatch().setExact(MatchField.IN_PORT, port).build(),
                            mods.drop(),
                            0,
                            false));
                }
            }
        }
        return out;
    }

    /** Frames between the ports of one extra segment, to a host ARP taught: by its MAC, from the segment's other ports. */
    List<OFMessage> segmentHost(Neighbors.Host host, List<OFPort> segmentPorts) {
        List<OFMessage> out = new ArrayList<>();
        for (OFPort port : segmentPorts) {
            if (!port.equals(host.port())) {
                out.add(mods.add(
                        Tables.CLASSIFY,
                        P_SEGMENT_L2,
                        SEGMENT_COOKIE,
                        l2Match(port, host.mac()),
                        mods.apply(List.of(mods.output(host.port()))),
                        0,
                        false));
            }
        }
        return out;
    }

    /** A host moved inside its segment: its L2 flows are rewritten. */
    List<OFMessage> moveSegmentHost(Neighbors.Host from, Neighbors.Host to, List<OFPort> segmentPorts) {
        List<OFMessage> out = new ArrayList<>();
        for (OFPort port : segmentPorts) {
            out.add(mods.deleteStrict(Tables.CLASSIFY, P_SEGMENT_L2, l2Match(port, from.mac())));
        }
        out.addAll(segmentHost(to, segmentPorts));
        return out;
    }

    /**
     * The two flows of a host pair: {@code c} as the first packet crossed ({@code src} at
     * {@code from}, reaching {@code to}) and its reverse, the answers.
     */
    List<OFMessage> pair(TwiceNat.Crossing c, Neighbors.Host from, Neighbors.Host to) {
        return List.of(direction(c, from, to), direction(c.reverse(), to, from));
    }

    private OFMessage direction(TwiceNat.Crossing c, Neighbors.Host sender, Neighbors.Host receiver) {
        Match m = ipFrom(sender.port(), MacAddress.of(config.routerMac()))
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(c.src()))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(c.dst()))
                .build();
        List<OFAction> actions = List.of(
                mods.setField(f.oxms().ipv4Src(IPv4Address.of(c.newSrc()))),
                mods.setField(f.oxms().ipv4Dst(IPv4Address.of(c.newDst()))),
                mods.decrementTtl(),
                mods.setField(f.oxms().ethSrc(MacAddress.of(config.routerMac()))),
                mods.setField(f.oxms().ethDst(MacAddress.of(receiver.mac()))),
                mods.output(receiver.port()));
        return mods.add(Tables.CLASSIFY, P_PAIR, PAIR_COOKIE, m, mods.apply(actions), idleSeconds, false);
    }

    /** Deletes every pair flow (a binding moved: the flows that name its MAC or port are stale). */
    OFFlowDelete deletePairs() {
        return f.buildFlowDelete()
                .setTableId(Tables.CLASSIFY)
                .setCookie(PAIR_COOKIE)
                .setCookieMask(U64.NO_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private Match l2Match(OFPort inPort, long mac) {
        return f.buildMatch()
                .setExact(MatchField.IN_PORT, inPort)
                .setExact(MatchField.ETH_DST, MacAddress.of(mac))
                .build();
    }

    private Match.Builder ipFrom(OFPort port, MacAddress routerMac) {
        return f.buildMatch()
                .setExact(MatchField.IN_PORT, port)
                .setExact(MatchField.ETH_DST, routerMac)
                .setExact(MatchField.ETH_TYPE, EthType.IPv4);
    }

    private static org.projectfloodlight.openflow.types.IPv4AddressWithMask masked(io.natflow.nat.core.Ipv4Prefix p) {
        return IPv4Address.of(p.network()).withMask(IPv4Address.of(p.mask()));
    }
}
