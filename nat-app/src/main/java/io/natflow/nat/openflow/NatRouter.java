package io.natflow.nat.openflow;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.ForwardResult;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.ReplaceResult;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.VirtualServerSessions;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * One switch as a NAT router: sorts packet-ins to ARP, the slow path, session setup and the
 * router's own replies, and hands timers, flow removals and REST changes to the lifecycle.
 * Every entry point takes the time and returns the messages to send. Not thread-safe, and needs
 * not be: a router is confined to its event loop ({@link RouterHost}), where packet-ins, timers
 * and service calls are tasks in turn.
 */
public final class NatRouter {
    private static final long GATEWAY_REFRESH_MILLIS = 60_000;
    private static final long HOLD_MILLIS = 3_000;

    private final RouterConfig config;
    private final Nat nat;
    private final NatCounters counters;
    private final PipelineFlows pipeline;
    private final Sessions sessions;
    private final Neighbors neighbors = new Neighbors();
    private final WanHops wanHops;
    private final PendingPackets pending;
    private final ArpService arp;
    private final SlowPath slowPath;
    private final Routing routing;
    private final SourceFilter sources;
    private final FragmentPath fragments;
    private final SessionSetup setup;
    private final MappingLifecycle lifecycle;
    private final PacketInMeters meters;
    private final PcpEndpoint pcp;
    private final RouterRules rules;
    private final VirtualServers vservers;
    private final TwiceNatRouter twice;
    private final RuledPackets ruled;
    private SwitchPorts ports;

    public NatRouter(RouterConfig config, Nat nat, OFFactory factory, NatCounters counters) {
        this.config = config;
        this.pending = new PendingPackets(HOLD_MILLIS, config.gatewayIp());
        this.wanHops = new WanHops(config.routes().wanHops());
        this.nat = nat;
        this.counters = counters;
        this.sessions = new Sessions(new Sessions.Counter() {
            @Override
            public void opened(long mappingId) {
                nat.sessionOpened(mappingId);
            }

            @Override
            public void closed(long mappingId, int count) {
                nat.sessionsClosed(mappingId, count);
            }
        });
        FlowMods mods = new FlowMods(factory);
        SessionFlows sessionFlows = new SessionFlows(mods, new FlowTimeouts(config.nat()));
        this.pipeline = new PipelineFlows(config, mods);
        this.meters = new PacketInMeters(config, mods);
        this.vservers = new VirtualServers(
                new VirtualServerSessions(VirtualServerSessions.DEFAULT_CAPACITY),
                new VirtualServerFlows(mods, sessionFlows.timeouts()),
                counters);
        this.rules = new RouterRules(config, mods, vservers);
        this.arp = new ArpService(config, neighbors, wanHops, mods, pipeline, counters, rules::isStaticPublic);
        MappingLog log = new MappingLog(config.datapathId());
        this.slowPath = new SlowPath(nat, log);
        this.routing = new Routing(config, neighbors, wanHops, pending, arp, mods, counters);
        this.sources = new SourceFilter(config);
        this.fragments = new FragmentPath(nat, new FragmentTracker(), routing, counters);
        this.setup = new SessionSetup(
                nat,
                sessions,
                sessionFlows,
                routing,
                counters,
                log,
                new OutboundRefusal(config, sessionFlows, mods, counters));
        this.lifecycle = new MappingLifecycle(config, nat, sessions, sessionFlows, mods, counters, log);
        this.pcp = new PcpEndpoint(config, nat, mods, counters, log, lifecycle);
        this.twice = new TwiceNatRouter(config, neighbors, routing, mods, counters);
        this.ruled = new RuledPackets(routing, vservers, counters);
    }

    public RouterConfig config() {
        return config;
    }

    /** The switch connected: resolve ports, install the packet-in meters and the pipeline, ask for the gateway. */
    public List<OFMessage> start(List<SwitchPort> switchPorts, long now) {
        ports = SwitchPorts.resolve(config, switchPorts);
        List<OFMessage> out = new ArrayList<>(meters.install(ports));
        out.addAll(pipeline.install(ports));
        out.addAll(rules.start(ports));
        neighbors.lanHosts().forEach(h -> out.addAll(pipeline.lanHost(h)));
        if (neighbors.gatewayKnown()) {
            out.add(pipeline.defaultRoute(neighbors.gatewayMac(), ports.wan()));
        }
        out.addAll(arp.queryGateway(ports, now));
        out.addAll(wanRoutes(now));
        out.addAll(pcp.start(ports, now));
        out.addAll(twice.start(switchPorts, ports));
        return out;
    }

    public List<OFMessage> packetIn(OFPacketIn pi, long now) {
        counters.count(NatEvent.PACKET_IN);
        if (ports == null) {
            return List.of();
        }
        if (!pi.getMatch().isExact(MatchField.IN_PORT)) { // OpenFlow 1.3 requires it; a switch may still leave it out
            counters.drop(PacketInDrop.NO_IN_PORT);
            return List.of();
        }
        OFPort inPort = pi.getMatch().get(MatchField.IN_PORT);
        boolean fromLan = ports.isLan(inPort);
        boolean fromSegment = twice.isSegmentPort(inPort);
        if (!fromLan && !fromSegment && !ports.wan().equals(inPort)) {
            counters.drop(PacketInDrop.UNKNOWN_IN_PORT);
            return List.of();
        }
        try {
            Frame frame =
                    Tables.isHeaderCopy(pi.getCookie()) ? Frame.parseHeaders(pi.getData()) : Frame.parse(pi.getData());
            if (fromSegment) {
                return twice.fromSegment(pi, frame, inPort, now);
            }
            if (frame.isArp()) {
                return arp(frame, inPort, now);
            }
            if (!frame.isIpv4()) {
                counters.drop(PacketInDrop.NOT_IPV4);
                return List.of();
            }
            return ipv4(pi, frame, inPort, fromLan, now);
        } catch (MalformedPacketException e) {
            counters.drop(e.reason());
            return List.of();
        }
    }

    private List<OFMessage> arp(Frame frame, OFPort inPort, long now) {
        return released(arp.handle(frame, inPort, ports, now));
    }

    /** ARP's messages, then the packets held for the addresses it resolved. */
    private List<OFMessage> released(ArpService.Result result) {
        List<OFMessage> out = new ArrayList<>(result.messages());
        result.resolved().forEach(ip -> out.addAll(routing.release(ip, ports)));
        return out;
    }

    private List<OFMessage> ipv4(OFPacketIn pi, Frame frame, OFPort inPort, boolean fromLan, long now)
            throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (Tables.isHeaderCopy(pi.getCookie())) { // a first fragment the datapath translates itself
            return fragments.release(fragments.remember(p, now), List.of(), ports, now);
        }
        if (Tables.ROUTE.equals(pi.getTableId()) && pi.getReason() != OFPacketInReason.INVALID_TTL) {
            return routing.deliver(frame, ports, now); // translated by the datapath; only the next hop was unknown
        }
        if (fromLan && twice.crosses(p.dst())) {
            return twice.fromLan(pi, frame, inPort, now); // to another LAN segment's alias: twice NAT
        }
        Optional<NatEvent> martian = sources.check(p.src(), fromLan);
        if (martian.isPresent()) {
            counters.count(martian.get());
            return List.of();
        }
        if (pi.getReason() == OFPacketInReason.INVALID_TTL || p.ttl() <= 1) {
            return routing.timeExceeded(frame, inPort, fromLan ? config.routerLanIp() : p.dst());
        }
        FragmentTracker.Datagram first = fragments.remember(p, now); // before translation rewrites it
        List<OFMessage> out = fromLan ? outbound(frame, inPort, now) : inbound(frame, inPort, now);
        return first == null ? out : fragments.release(first, out, ports, now);
    }

    private List<OFMessage> outbound(Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (p.dst() == config.routerLanIp() && pcp.accepts(p)) {
            return pcp.handle(frame, inPort, now); // PCP / NAT-PMP (UDP 5351)
        }
        if (p.dst() == config.routerLanIp() || (config.isRouterAddress(p.dst()) && isEchoRequest(p))) {
            return routing.answerEcho(frame, inPort); // TCP/UDP to a public address is a hairpin, below
        }
        if (config.inLan(p.dst())) {
            counters.drop(PacketInDrop.LAN_TO_LAN_VIA_ROUTER);
            return List.of();
        }
        if (vservers.outbound(frame)) { // a server's answer whose flow was not in the switch yet
            return routing.forward(frame, ports, now);
        }
        if (!config.isRouterAddress(p.dst())) { // hairpins to the pool stay with the NAT, as the guard flows keep them
            NatRule rule = rules.outbound(p, inPort);
            if (!(rule instanceof NatRule.Masquerade)) {
                return ruled.handle(rule, frame, ports, now);
            }
        }
        if (p.isLaterFragment()) {
            return fragments.later(frame, true, ports, now);
        }
        if (p.protocol() == EtherTypes.PROTO_ICMP) {
            return slow(slowPath.outbound(p, now), frame, now);
        }
        return transport(p)
                .map(protocol -> setup.outbound(frame, protocol, inPort, ports, now))
                .orElseGet(this::unsupported);
    }

    private List<OFMessage> inbound(Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        NatRule rule = config.isRouterAddress(p.dst()) ? null : rules.inbound(p); // the pool is the NAT's
        if (rule != null && !(rule instanceof NatRule.DestinationNat)) {
            return ruled.handle(rule, frame, ports, now);
        }
        if (!nat.isPublicAddress(p.dst()) && !config.isRouterAddress(p.dst())) {
            counters.drop(DropReason.NOT_PUBLIC_ADDRESS);
            return List.of();
        }
        if (p.protocol() == EtherTypes.PROTO_ICMP && !p.isLaterFragment()) {
            SlowPathResult result = slowPath.inbound(p, now);
            if (result instanceof SlowPathResult.Dropped && p.icmp().type() == IcmpMessage.ECHO_REQUEST) {
                return routing.answerEcho(frame, inPort); // nobody inside claims it: the router answers
            }
            return slow(result, frame, now);
        }
        if (p.isLaterFragment()) {
            return fragments.later(frame, false, ports, now);
        }
        return transport(p)
                .map(protocol -> setup.inbound(frame, protocol, inPort, ports, now))
                .orElseGet(this::unsupported);
    }

    /** Slow-path result: forward what was translated, count what was not. */
    private List<OFMessage> slow(SlowPathResult result, Frame frame, long now) {
        if (result instanceof SlowPathResult.Dropped dropped) {
            counters.count(dropped.reason());
            return List.of();
        }
        counters.count(NatEvent.SLOW_PATH);
        return routing.forward(frame, ports, now);
    }

    private List<OFMessage> unsupported() {
        counters.drop(PacketInDrop.UNSUPPORTED_PROTOCOL);
        return List.of();
    }

    public List<OFMessage> flowRemoved(OFFlowRemoved removed, long now) {
        if (VirtualServers.isOurs(removed)) {
            return vservers.flowRemoved(removed);
        }
        return lifecycle.flowRemoved(removed, now);
    }

    /** Timers: expire mappings (and their flows), retry or refresh ARP, drop stale held packets. */
    public List<OFMessage> tick(long now) {
        List<OFMessage> out = new ArrayList<>(lifecycle.expire(now));
        out.addAll(pcp.expire(now));
        out.addAll(setup.watchReopenedCloses(now));
        if (ports != null
                && (!neighbors.gatewayKnown() || now - neighbors.gatewayLearnedAt() > GATEWAY_REFRESH_MILLIS)) {
            out.addAll(arp.queryGateway(ports, now));
        }
        if (ports != null) {
            out.addAll(refreshWanHops(now));
            ArpService.Result moves = arp.tick(now);
            if (!moves.resolved().isEmpty()) {
                out.addAll(twice.lanHostMoved());
            }
            out.addAll(released(moves));
            out.addAll(twice.tick(now));
        }
        counters.count(NatEvent.DROP_NO_ROUTE_YET, pending.expire(now));
        fragments.expire(now);
        return out;
    }

    /** At start: the routes of the static routes' next hops already known, and ARP for all of them. */
    private List<OFMessage> wanRoutes(long now) {
        List<OFMessage> out = new ArrayList<>();
        for (int hop : wanHops.ips()) {
            if (wanHops.known(hop)) {
                out.addAll(pipeline.wanRoutes(hop, wanHops.mac(hop), ports.wan()));
            }
            out.addAll(arp.queryWanHop(hop, ports, now));
        }
        return out;
    }

    /** Static routes' next hops are asked for like the gateway: until known, then once a minute. */
    private List<OFMessage> refreshWanHops(long now) {
        List<OFMessage> out = new ArrayList<>();
        for (int hop : wanHops.ips()) {
            if (wanHops.stale(hop, now, GATEWAY_REFRESH_MILLIS)) {
                out.addAll(arp.queryWanHop(hop, ports, now));
            }
        }
        return out;
    }

    /** Deletes a mapping on request (REST): its flows go with it. The result is the mapping as it was. */
    public RouterChange<Optional<Mapping>> deleteMapping(long id, long now) {
        return lifecycle.delete(id, now);
    }

    /**
     * Adds a forward; it takes effect with the next inbound packet (inbound misses reach the
     * core), so there is nothing to send.
     */
    public RouterChange<ForwardResult> addForward(ForwardRule rule, long now) {
        return RouterChange.of(nat.addForward(rule, now));
    }

    /** Removes a forward and the flows of the sessions it had opened; false if unknown. */
    public RouterChange<Boolean> removeForward(ForwardRule rule, long now) {
        return lifecycle.removeForward(rule, now);
    }

    /**
     * Replaces forward {@code old} by {@code replacement} in one step (see {@link Nat#replaceForward});
     * the messages delete the flows of the old rule's sessions. Nothing changes unless replaced.
     */
    public RouterChange<ReplaceResult> replaceForward(ForwardRule old, ForwardRule replacement, long now) {
        return lifecycle.replaceForward(old, replacement, now);
    }

    /**
     * Rebuilds the mapping table from the session flows a restarted controller finds in the
     * switch: how many came back, and the deletes of the refused flows.
     */
    public RouterChange<Integer> restore(List<OFFlowStatsReply> replies, long now) {
        return lifecycle.restore(replies, now);
    }

    /** The rule list and its live state; on the router's loop only. */
    RouterRules rules() {
        return rules;
    }

    /** The virtual servers' sessions; on the router's loop only. */
    VirtualServers vservers() {
        return vservers;
    }

    /** The core, for reads of the service and tests; on the router's loop only. */
    Nat core() {
        return nat;
    }

    public boolean gatewayResolved() {
        return neighbors.gatewayKnown();
    }

    public int sessionCount() {
        return sessions.sessions();
    }

    /** The request that reads the packet-in meters back; answer with {@link #meterStats}. */
    public OFMeterStatsRequest meterStatsRequest() {
        return meters.statsRequest();
    }

    public void meterStats(List<OFMeterStatsReply> replies) {
        meters.read(replies);
    }

    /**
     * The packet-in meters as last read: packets seen and dropped, by "kind.port" (kinds: sessions,
     * icmp, arp, routes; ports by their configured name) and "total" (the switch's controller meter).
     */
    public Map<String, long[]> meterReadings() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        meters.readings().forEach((label, r) -> out.put(label, new long[] {r.packets(), r.dropped()}));
        return out;
    }

    private static boolean isEchoRequest(Ipv4Packet p) throws MalformedPacketException {
        return p.protocol() == EtherTypes.PROTO_ICMP
                && !p.isLaterFragment()
                && p.icmp().type() == IcmpMessage.ECHO_REQUEST;
    }

    private static Optional<Protocol> transport(Ipv4Packet p) {
        return switch (p.protocol()) {
            case EtherTypes.PROTO_TCP -> Optional.of(Protocol.TCP);
            case EtherTypes.PROTO_UDP -> Optional.of(Protocol.UDP);
            default -> Optional.empty();
        };
    }
}
