package io.natflow.nat.openflow;

import io.natflow.controller.codec.ConntrackAction;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

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
    /** A routed LAN prefix (via a LAN host): to the controller until its next hop is learned. */
    static final int P_LAN_ROUTE = 90;

    static final int P_LAN_ROUTE_SAME_PORT = 91;
    /** A static WAN route: this plus its prefix length, so the longest prefix wins; above the default route. */
    static final int P_WAN_ROUTE_BASE = 10;

    static final int P_SYN = 100;
    static final int P_CLOSE_SHAPE = 50;
    static final int P_MISS_LOOKUP = 20;
    static final int P_MISS_FIRST = 10;
    /** ct_state's "tracked" bit (OVS CS_TRACKED). */
    private static final long CT_TRACKED = 0x20;

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
        IPv4AddressWithMask lan = masked(config.lanPrefix());
        List<IPv4AddressWithMask> lanPrefixes =
                config.lanPrefixes().stream().map(PipelineFlows::masked).toList();

        out.add(mods.staticFlow(
                Tables.CLASSIFY,
                P_ARP,
                f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP).build(),
                mods.apply(List.of(mods.wholePacketToController()))));
        // Anti-spoofing: nothing from the WAN may address the LAN directly.
        for (IPv4AddressWithMask prefix : lanPrefixes) {
            out.add(mods.staticFlow(
                    Tables.CLASSIFY,
                    P_WAN_TO_LAN_PREFIX,
                    ipFrom(ports.wan()).setMasked(MatchField.IPV4_DST, prefix).build(),
                    mods.drop()));
        }
        Match fromWan =
                ipFrom(ports.wan()).setExact(MatchField.ETH_DST, routerMac).build();
        out.add(mods.staticFlow(Tables.CLASSIFY, P_WAN_TO_ROUTER, fromWan, mods.gotoTable(Tables.WATCH)));
        out.addAll(firstFragmentCopies(fromWan, P_WAN_TO_ROUTER + 1));
        // From the LAN only the LAN prefixes are translated.
        for (OFPort lanPort : ports.lan()) {
            for (IPv4AddressWithMask prefix : lanPrefixes) {
                Match fromLan = ipFrom(lanPort)
                        .setExact(MatchField.ETH_DST, routerMac)
                        .setMasked(MatchField.IPV4_SRC, prefix)
                        .build();
                out.add(mods.staticFlow(Tables.CLASSIFY, P_LAN_TO_ROUTER, fromLan, mods.gotoTable(Tables.WATCH)));
                out.addAll(firstFragmentCopies(fromLan, P_LAN_TO_ROUTER + 1));
            }
        }
        out.add(mods.staticFlow(
                Tables.CLASSIFY,
                P_WAN_OTHER,
                f.buildMatch().setExact(MatchField.IN_PORT, ports.wan()).build(),
                mods.drop()));
        out.add(mods.staticFlow(Tables.CLASSIFY, P_DROP_REST, f.buildMatch().build(), mods.drop()));

        out.addAll(watchFlows());
        out.add(mods.staticFlow(Tables.NAT, 0, f.buildMatch().build(), mods.gotoTable(Tables.MISS)));
        out.addAll(missFlows());
        out.add(mods.staticFlow(
                Tables.ROUTE, 0, f.buildMatch().build(), mods.apply(List.of(mods.wholePacketToController()))));
        // A LAN destination without a host route is a host not learned yet: the controller asks
        // for it by ARP and holds the packet; the default route would send it to the WAN port.
        out.add(mods.staticFlow(
                Tables.ROUTE,
                P_UNKNOWN_LAN_HOST,
                f.buildMatch()
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setMasked(MatchField.IPV4_DST, lan)
                        .build(),
                mods.apply(List.of(mods.wholePacketToController()))));
        out.addAll(unresolvedRoutes());
        return out;
    }

    /**
     * Every route's prefix goes to the controller until its next hop is learned (then
     * {@link #lanHost} or {@link #wanRoutes} replace the flow, same match and priority): the
     * default route would send it to the gateway. The controller holds the packet and asks ARP.
     */
    private List<OFMessage> unresolvedRoutes() {
        List<OFMessage> out = new ArrayList<>();
        for (Route r : config.routes().lan()) {
            out.add(route(P_LAN_ROUTE, r, null, List.of(mods.wholePacketToController())));
        }
        for (Route r : config.routes().wan()) {
            out.add(route(wanPriority(r), r, null, List.of(mods.wholePacketToController())));
        }
        return out;
    }

    /** The static routes via WAN next hop {@code via}, now that its MAC is known. */
    List<OFMessage> wanRoutes(int via, long mac, OFPort wan) {
        List<OFMessage> out = new ArrayList<>();
        for (Route r : Routes.via(config.routes().wan(), via)) {
            out.add(route(wanPriority(r), r, null, routeActions(MacAddress.of(mac), wan)));
        }
        return out;
    }

    /** The routed LAN prefixes via LAN host {@code host}; like a host route, with a same-port twin (IN_PORT). */
    private List<OFMessage> lanRoutes(Neighbors.Host host) {
        List<OFMessage> out = new ArrayList<>();
        MacAddress mac = MacAddress.of(host.mac());
        for (Route r : Routes.via(config.routes().lan(), host.ip())) {
            out.add(route(P_LAN_ROUTE, r, null, routeActions(mac, host.port())));
            out.add(route(P_LAN_ROUTE_SAME_PORT, r, host.port(), routeActions(mac, OFPort.IN_PORT)));
        }
        return out;
    }

    private OFMessage route(int priority, Route r, OFPort inPort, List<OFAction> actions) {
        return mods.add(
                Tables.ROUTE, priority, Tables.ROUTE_COOKIE, routeMatch(r, inPort), mods.apply(actions), 0, false);
    }

    private Match routeMatch(Route r, OFPort inPort) {
        Match.Builder b = f.buildMatch();
        if (inPort != null) {
            b.setExact(MatchField.IN_PORT, inPort);
        }
        return b.setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, masked(r.prefix()))
                .build();
    }

    private static int wanPriority(Route r) {
        return P_WAN_ROUTE_BASE + r.prefix().length();
    }

    private static IPv4AddressWithMask masked(Ipv4Prefix prefix) {
        return IPv4Address.of(prefix.network()).withMask(IPv4Address.of(prefix.mask()));
    }

    /**
     * Every TCP SYN without ACK goes to the controller, whole, and nothing else of TCP does
     * here. That makes the SYN and ACK bits part of every TCP megaflow's mask, so the cached
     * miss of a connection's SYN (whose action is "to the controller") never matches the ACK
     * and data that follow it; and a SYN that reuses a just-closed 4-tuple reaches the
     * controller even though the old session's flows are still in the NAT table. Closes need
     * no copies: the session flows' fin_timeout lets the switch expire them (SessionFlows).
     */
    private List<OFMessage> watchFlows() {
        List<OFMessage> out = new ArrayList<>();
        out.add(mods.add(
                Tables.WATCH, P_SYN, Tables.SYN_COOKIE, Matches.tcpSynOnly(f), mods.gotoTable(Tables.UP), 0, false));
        // These only shape the datapath's cache: with FIN and RST in every TCP megaflow's mask,
        // a connection's FINs and RSTs ride datapath flows of their own. fin_timeout acts on
        // the flags a datapath flow has carried in its whole life, so if the closing segments
        // shared the data segments' datapath flow, a new connection that reuses the 4-tuple
        // while that flow is cached would have its fresh session flows cut to the transitory
        // timeout by the old connection's FIN.
        for (int flag : new int[] {TcpFlags.FIN, TcpFlags.RST}) {
            out.add(mods.staticFlow(
                    Tables.WATCH, P_CLOSE_SHAPE, Matches.tcpFlags(f, flag, flag), mods.gotoTable(Tables.NAT)));
        }
        out.add(mods.staticFlow(Tables.WATCH, 0, f.buildMatch().build(), mods.gotoTable(Tables.NAT)));
        return out;
    }

    /**
     * A UDP datagram cannot be told from the next one of its flow by any header field, so until
     * the switch's revalidator has replaced the first datagram's cached miss (a few ms after the
     * session's flow-mods), the second one would meet it and become a packet-in too. Here the
     * first datagram of a flow is committed to the connection tracker with ct_mark 1 on its way
     * to the controller; every unfragmented UDP miss first looks itself up there and comes back
     * to NAT. A later datagram then carries ct_mark 1, which the first one's cached continuation
     * (ct_mark 0) does not match: the switch translates it afresh and finds the session's flows.
     * Fragments never enter the tracker (it would hold them to reassemble the datagram). Then
     * up (UP: metered per port, PacketInMeters).
     */
    private List<OFMessage> missFlows() {
        OFOxms o = f.oxms();
        U32 tracked = U32.of(CT_TRACKED);
        List<OFMessage> out = new ArrayList<>(4);
        out.add(mods.staticFlow(
                Tables.MISS,
                P_MISS_LOOKUP,
                f.buildMatchV3()
                        .setOxmList(OFOxmList.of(
                                o.ethType(EthType.IPv4),
                                o.ipProto(IpProtocol.UDP),
                                IpFragOxm.NOT_FRAGMENT,
                                o.connTrackingStateMasked(U32.ZERO, tracked)))
                        .build(),
                mods.apply(
                        List.of(new ConntrackAction(false, Tables.MISS_CT_ZONE, Tables.NAT.getValue(), List.of())))));
        out.add(mods.staticFlow(
                Tables.MISS,
                P_MISS_FIRST,
                f.buildMatchV3()
                        .setOxmList(OFOxmList.of(
                                o.ethType(EthType.IPv4), o.ipProto(IpProtocol.UDP),
                                o.connTrackingStateMasked(tracked, tracked), o.connTrackingMark(U32.ZERO)))
                        .build(),
                mods.applyThenGoto(
                        List.of(new ConntrackAction(
                                true,
                                Tables.MISS_CT_ZONE,
                                ConntrackAction.NO_RECIRCULATION,
                                List.of(mods.setField(o.connTrackingMark(U32.of(1)))))),
                        Tables.UP)));
        out.add(mods.staticFlow(Tables.MISS, 0, f.buildMatch().build(), mods.gotoTable(Tables.UP)));
        out.add(mods.staticFlow(
                Tables.UP, 0, f.buildMatch().build(), mods.apply(List.of(mods.wholePacketToController()))));
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
            out.add(mods.add(
                    Tables.CLASSIFY,
                    priority,
                    Tables.FRAGMENT_COOKIE,
                    Matches.firstFragments(f, pass, protocol),
                    mods.applyThenGoto(List.of(mods.toController(FlowMods.HEADER_COPY_BYTES)), Tables.WATCH),
                    0,
                    false));
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
        out.add(mods.staticFlow(
                Tables.CLASSIFY, P_LAN_HOST_L2, l2Match(host.mac()), mods.apply(List.of(mods.output(host.port())))));
        out.add(mods.add(
                Tables.ROUTE,
                P_HOST_ROUTE,
                Tables.ROUTE_COOKIE,
                hostRouteMatch(host, false),
                mods.apply(routeActions(hostMac, host.port())),
                0,
                false));
        out.add(mods.add(
                Tables.ROUTE,
                P_HOST_ROUTE_SAME_PORT,
                Tables.ROUTE_COOKIE,
                hostRouteMatch(host, true),
                mods.apply(routeActions(hostMac, OFPort.IN_PORT)),
                0,
                false));
        out.addAll(lanRoutes(host));
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
            for (Route r : Routes.via(config.routes().lan(), from.ip())) {
                out.add(mods.deleteStrict(Tables.ROUTE, P_LAN_ROUTE_SAME_PORT, routeMatch(r, from.port())));
            }
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
        return b.setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of(host.ip()))
                .build();
    }

    /** The default route; one flow, so a gateway MAC change rewrites one flow, not every mapping. */
    OFMessage defaultRoute(long gatewayMac, OFPort wan) {
        return mods.add(
                Tables.ROUTE,
                P_DEFAULT_ROUTE,
                Tables.ROUTE_COOKIE,
                f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build(),
                mods.apply(routeActions(MacAddress.of(gatewayMac), wan)),
                0,
                false);
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
