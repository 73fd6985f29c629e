package io.natflow.nat.openflow;

import io.natflow.nat.core.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** The router's own flows: everything in the pipeline that is not a NAT session. */
final class PipelineFlows {
    static final int P_ARP = 300;
    static final int P_WAN_TO_LAN_PREFIX = 250;
    static final int P_WAN_TO_ROUTER = 200;
    static final int P_LAN_TO_ROUTER = 150;
    static final int P_WAN_OTHER = 120;
    static final int P_LAN_HOST_L2 = 100;
    static final int P_DROP_REST = 1;
    static final int P_HOST_ROUTE_SAME_PORT = 110;
    static final int P_HOST_ROUTE = 100;
    static final int P_UNKNOWN_LAN_HOST = 50;
    static final int P_DEFAULT_ROUTE = 10;

    private final RouterConfig config;
    private final FlowMods mods;
    private final OFFactory f;

    PipelineFlows(RouterConfig config, FlowMods mods) {
        this.config = config;
        this.mods = mods;
        this.f = mods.factory();
    }

    /** Every static flow, for a switch that just connected. Adds replace flows left from before. */
    List<OFMessage> install(SwitchPorts ports) {
        List<OFMessage> out = new ArrayList<>();
        MacAddress routerMac = MacAddress.of(config.routerMac());
        IPv4AddressWithMask lan = IPv4Address.of(config.lanNetwork()).withMask(IPv4Address.of(config.lanMask()));

        out.add(mods.staticFlow(Tables.CLASSIFY, P_ARP, f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP).build(),
                mods.apply(List.of(mods.wholePacketToController()))));
        // Anti-spoofing: nothing from the WAN may address the LAN directly.
        out.add(mods.staticFlow(Tables.CLASSIFY, P_WAN_TO_LAN_PREFIX, ipFrom(ports.wan())
                .setMasked(MatchField.IPV4_DST, lan).build(), mods.drop()));
        Match fromWan = ipFrom(ports.wan()).setExact(MatchField.ETH_DST, routerMac).build();
        out.add(mods.staticFlow(Tables.CLASSIFY, P_WAN_TO_ROUTER, fromWan, mods.gotoTable(Tables.WATCH)));
        out.addAll(firstFragmentCopies(fromWan, P_WAN_TO_ROUTER + 1));
        // From the LAN only the LAN prefix is translated.
        for (OFPort lanPort : ports.lan()) {
            Match fromLan = ipFrom(lanPort).setExact(MatchField.ETH_DST, routerMac).setMasked(MatchField.IPV4_SRC, lan).build();
            out.add(mods.staticFlow(Tables.CLASSIFY, P_LAN_TO_ROUTER, fromLan, mods.gotoTable(Tables.WATCH)));
            out.addAll(firstFragmentCopies(fromLan, P_LAN_TO_ROUTER + 1));
        }
        out.add(mods.staticFlow(Tables.CLASSIFY, P_WAN_OTHER,
                f.buildMatch().setExact(MatchField.IN_PORT, ports.wan()).build(), mods.drop()));
        out.add(mods.staticFlow(Tables.CLASSIFY, P_DROP_REST, f.buildMatch().build(), mods.drop()));

        out.addAll(watchFlows());
        out.add(mods.staticFlow(Tables.NAT, 0, f.buildMatch().build(), mods.apply(List.of(mods.wholePacketToController()))));
        out.add(mods.staticFlow(Tables.ROUTE, 0, f.buildMatch().build(), mods.apply(List.of(mods.wholePacketToController()))));
        // A LAN destination without a host route is a host not learned yet: the controller asks
        // for it by ARP and holds the packet; the default route would send it to the WAN port.
        out.add(mods.staticFlow(Tables.ROUTE, P_UNKNOWN_LAN_HOST, f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, lan).build(), mods.apply(List.of(mods.wholePacketToController()))));
        return out;
    }

    /**
     * Copies of FIN and RST go to the controller; every packet continues to NAT. The SYN+ACK
     * that establishes a connection is not copied: the refresher infers it from the answering
     * direction's flow counter (one packet-in less per connection).
     */
    private List<OFMessage> watchFlows() {
        List<OFMessage> out = new ArrayList<>();
        int[][] flagsByPriority = {{102, TcpFlags.RST}, {101, TcpFlags.FIN}};
        for (int[] entry : flagsByPriority) {
            out.add(mods.add(Tables.WATCH, entry[0], Tables.WATCH_COOKIE, Matches.tcpFlags(f, entry[1]),
                    mods.applyThenGoto(List.of(mods.toController(FlowMods.HEADER_COPY_BYTES)), Tables.NAT), 0, false));
        }
        out.add(mods.staticFlow(Tables.WATCH, 0, f.buildMatch().build(), mods.gotoTable(Tables.NAT)));
        return out;
    }

    /**
     * Just above a pass flow: TCP and UDP first fragments also go to the controller as a header
     * copy. The datapath translates them unseen, but their later fragments carry no ports and
     * reach the controller, which translates them by what their first fragment said
     * ({@link FragmentPath}). ICMP first fragments reach the controller anyway (slow path).
     */
    private List<OFMessage> firstFragmentCopies(Match pass, int priority) {
        List<OFMessage> out = new ArrayList<>(2);
        for (IpProtocol protocol : List.of(IpProtocol.TCP, IpProtocol.UDP)) {
            out.add(mods.add(Tables.CLASSIFY, priority, Tables.FRAGMENT_COOKIE, Matches.firstFragments(f, pass, protocol),
                    mods.applyThenGoto(List.of(mods.toController(FlowMods.HEADER_COPY_BYTES)), Tables.WATCH), 0, false));
        }
        return out;
    }

    /**
     * Intra-LAN forwarding to a learned host, and the routes that deliver translated traffic to
     * it. A packet routed back out of the port it came in on (a hairpin between two sockets of one
     * host, RFC 4787 REQ-9) needs output IN_PORT: OVS never outputs to the input port otherwise.
     */
    List<OFMessage> lanHost(Neighbors.Host host) {
        MacAddress hostMac = MacAddress.of(host.mac());
        List<OFMessage> out = new ArrayList<>(3);
        out.add(mods.staticFlow(Tables.CLASSIFY, P_LAN_HOST_L2, l2Match(host.mac()), mods.apply(List.of(mods.output(host.port())))));
        out.add(mods.add(Tables.ROUTE, P_HOST_ROUTE, Tables.ROUTE_COOKIE, hostRouteMatch(host, false),
                mods.apply(routeActions(hostMac, host.port())), 0, false));
        out.add(mods.add(Tables.ROUTE, P_HOST_ROUTE_SAME_PORT, Tables.ROUTE_COOKIE, hostRouteMatch(host, true),
                mods.apply(routeActions(hostMac, OFPort.IN_PORT)), 0, false));
        return out;
    }

    /**
     * A binding moved: the old port's same-port route and the old MAC's intra-LAN flow go (unless
     * another binding still uses that MAC); the new binding's flows replace the rest.
     */
    List<OFMessage> moveLanHost(Neighbors.Host from, Neighbors.Host to, boolean oldMacInUse) {
        List<OFMessage> out = new ArrayList<>();
        if (!from.port().equals(to.port())) {
            out.add(mods.deleteStrict(Tables.ROUTE, P_HOST_ROUTE_SAME_PORT, hostRouteMatch(from, true)));
        }
        if (!oldMacInUse) {
            out.add(mods.deleteStrict(Tables.CLASSIFY, P_LAN_HOST_L2, l2Match(from.mac())));
        }
        out.addAll(lanHost(to));
        return out;
    }

    private Match l2Match(long mac) {
        return f.buildMatch().setExact(MatchField.ETH_DST, MacAddress.of(mac)).build();
    }

    private Match hostRouteMatch(Neighbors.Host host, boolean samePort) {
        Match.Builder b = f.buildMatch();
        if (samePort) {
            b.setExact(MatchField.IN_PORT, host.port());
        }
        return b.setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IPV4_DST, IPv4Address.of(host.ip())).build();
    }

    /** The default route; one flow, so a gateway MAC change rewrites one flow, not every mapping. */
    OFMessage defaultRoute(long gatewayMac, OFPort wan) {
        return mods.add(Tables.ROUTE, P_DEFAULT_ROUTE, Tables.ROUTE_COOKIE,
                f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build(),
                mods.apply(routeActions(MacAddress.of(gatewayMac), wan)), 0, false);
    }

    private List<OFAction> routeActions(MacAddress dst, OFPort port) {
        return List.of(
                mods.setField(f.oxms().ethSrc(MacAddress.of(config.routerMac()))),
                mods.setField(f.oxms().ethDst(dst)),
                mods.output(port));
    }

    private Match.Builder ipFrom(OFPort port) {
        return f.buildMatch().setExact(MatchField.IN_PORT, port).setExact(MatchField.ETH_TYPE, EthType.IPv4);
    }
}
