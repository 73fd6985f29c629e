package io.natflow.nat.openflow;

import io.natflow.controller.SwitchPort;
import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.packet.RouterFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * One switch as a NAT router. Every entry point takes the time, returns the messages to send,
 * and is synchronized: the core is single-threaded, and packet-ins, timers and REST calls arrive
 * on different threads.
 */
public final class NatRouter {
    private final RouterConfig config;
    private final Nat nat;
    private final NatCounters counters;
    private final FlowMods mods;
    private final PipelineFlows pipeline;
    private final SessionFlows sessionFlows;
    private final Sessions sessions = new Sessions();
    private final Neighbors neighbors = new Neighbors();
    private final FragmentTracker fragments = new FragmentTracker();
    private final PendingPackets pending = new PendingPackets(3_000);
    private final ArpService arp;
    private final SlowPath slowPath;
    private final TcpWatch tcpWatch;
    private final ActivityRefresher refresher;
    private final Routing routing;
    private SwitchPorts ports;

    public NatRouter(RouterConfig config, Nat nat, OFFactory factory, NatCounters counters) {
        this.config = config;
        this.nat = nat;
        this.counters = counters;
        this.mods = new FlowMods(factory);
        this.pipeline = new PipelineFlows(config, mods);
        this.sessionFlows = new SessionFlows(mods);
        this.arp = new ArpService(config, neighbors, mods, pipeline, counters);
        this.slowPath = new SlowPath(nat, fragments);
        this.tcpWatch = new TcpWatch(nat);
        this.refresher = new ActivityRefresher(nat, config);
        this.routing = new Routing(config, neighbors, pending, arp, mods, counters);
    }

    public RouterConfig config() {
        return config;
    }

    /** The switch connected: resolve ports, install the pipeline, ask for the gateway. */
    public synchronized List<OFMessage> start(List<SwitchPort> switchPorts, long now) {
        ports = SwitchPorts.resolve(config, switchPorts);
        List<OFMessage> out = new ArrayList<>(pipeline.install(ports));
        neighbors.lanHosts().forEach(h -> out.addAll(pipeline.lanHost(h)));
        if (neighbors.gatewayKnown()) {
            out.add(pipeline.defaultRoute(neighbors.gatewayMac(), ports.wan()));
        }
        out.addAll(arp.queryGateway(ports, now));
        return out;
    }

    public synchronized List<OFMessage> packetIn(OFPacketIn pi, long now) {
        counters.increment("packet_in");
        if (ports == null) {
            return List.of();
        }
        OFPort inPort = pi.getMatch().get(MatchField.IN_PORT);
        Frame frame;
        try {
            frame = Frame.parse(pi.getData());
        } catch (MalformedPacketException e) {
            counters.drop(e.reason());
            return List.of();
        }
        boolean fromLan = ports.isLan(inPort);
        if (!fromLan && !ports.wan().equals(inPort)) {
            counters.drop(RouterDrop.UNKNOWN_IN_PORT);
            return List.of();
        }
        if (frame.isArp()) {
            List<Integer> resolved = new ArrayList<>();
            List<OFMessage> out = new ArrayList<>(arp.handle(frame.arp(), frame.bytes(), inPort, ports, now, resolved));
            resolved.forEach(ip -> out.addAll(routing.release(ip, ports)));
            return out;
        }
        if (!frame.isIpv4()) {
            counters.drop(RouterDrop.NOT_IPV4);
            return List.of();
        }
        try {
            return ipv4(pi, frame, inPort, fromLan, now);
        } catch (MalformedPacketException e) {
            counters.drop(e.reason());
            return List.of();
        }
    }

    private List<OFMessage> ipv4(OFPacketIn pi, Frame frame, OFPort inPort, boolean fromLan, long now)
            throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (Tables.WATCH_COOKIE.equals(pi.getCookie())) {
            tcpWatch.observe(p, fromLan, now);
            return List.of();
        }
        if (Tables.ROUTE.equals(pi.getTableId()) && pi.getReason() != OFPacketInReason.INVALID_TTL) {
            return routing.deliver(frame, ports, now); // translated by the datapath; only the next hop was unknown
        }
        if (pi.getReason() == OFPacketInReason.INVALID_TTL || p.ttl() <= 1) {
            return routing.timeExceeded(frame, inPort, fromLan ? config.routerLanIp() : p.dst());
        }
        return fromLan ? outbound(frame, inPort, now) : inbound(frame, inPort, now);
    }

    private List<OFMessage> outbound(Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (p.dst() == config.routerLanIp()) {
            return routing.answerEcho(frame, inPort);
        }
        if (config.inLan(p.dst())) {
            counters.drop(RouterDrop.LAN_TO_LAN_VIA_ROUTER);
            return List.of();
        }
        if (p.protocol() == EtherTypes.PROTO_ICMP || p.isLaterFragment()) {
            return slow(slowPath.outbound(p, now), frame, now);
        }
        Optional<Protocol> protocol = transport(p);
        if (protocol.isEmpty()) {
            counters.drop(RouterDrop.UNSUPPORTED_PROTOCOL);
            return List.of();
        }
        OutboundDecision d = nat.translateOutbound(protocol.get(), p.src(), p.srcPort(), p.dst(), p.dstPort(),
                tcpFlags(p), now);
        List<OFMessage> out = new ArrayList<>();
        if (d instanceof OutboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.dst(), p.dstPort());
            boolean known = sessions.contains(t.mapping().id(), remote);
            out.addAll(installSession(t.mapping(), remote));
            if (known) {
                p.setSrc(t.mapping().publicIp());
                p.setSrcPort(t.mapping().publicPort());
                out.addAll(sendMissedAgain(frame, now));
                return out;
            }
        } else if (d instanceof OutboundDecision.Hairpin h) {
            boolean known = !sessions.add(h.source().id(), h.destination().publicEndpoint());
            out.add(sessionFlows.hairpin(h.source(), h.destination(), new Endpoint(p.src(), p.srcPort()),
                    idleSeconds(h.source().protocol())));
            if (known) {
                p.setSrc(h.source().publicIp());
                p.setSrcPort(h.source().publicPort());
                p.setDst(h.destination().internalIp());
                p.setDstPort(h.destination().internalPort());
                out.addAll(sendMissedAgain(frame, now));
                return out;
            }
        } else {
            counters.drop(((OutboundDecision.Refuse) d).reason());
            return out;
        }
        counters.increment("session_setup");
        out.add(mods.resubmit(inPort, frame.bytes()));
        return out;
    }

    private List<OFMessage> inbound(Frame frame, OFPort inPort, long now) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (!nat.isPublicAddress(p.dst()) && !config.isRouterAddress(p.dst())) {
            counters.drop(io.natflow.nat.core.DropReason.NOT_PUBLIC_ADDRESS);
            return List.of();
        }
        if (p.protocol() == EtherTypes.PROTO_ICMP && !p.isLaterFragment()) {
            Optional<Enum<?>> dropped = slowPath.inbound(p, now);
            if (dropped.isPresent() && p.icmp().type() == IcmpMessage.ECHO_REQUEST) {
                return routing.answerEcho(frame, inPort); // nobody inside claims it: the router answers
            }
            return slow(dropped, frame, now);
        }
        if (p.isLaterFragment()) {
            return slow(slowPath.inbound(p, now), frame, now);
        }
        Optional<Protocol> protocol = transport(p);
        if (protocol.isEmpty()) {
            counters.drop(RouterDrop.UNSUPPORTED_PROTOCOL);
            return List.of();
        }
        InboundDecision d = nat.translateInbound(protocol.get(), p.src(), p.srcPort(), p.dst(), p.dstPort(),
                tcpFlags(p), now);
        if (d instanceof InboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.src(), p.srcPort());
            boolean known = sessions.contains(t.mapping().id(), remote);
            List<OFMessage> out = new ArrayList<>(installSession(t.mapping(), remote));
            if (known) {
                p.setDst(t.mapping().internalIp());
                p.setDstPort(t.mapping().internalPort());
                out.addAll(sendMissedAgain(frame, now));
                return out;
            }
            counters.increment(t.created() ? "inbound_session_setup" : "session_setup");
            out.add(mods.resubmit(inPort, frame.bytes()));
            return out;
        }
        if (d instanceof InboundDecision.Reject r) {
            counters.drop(r.reason());
            return routing.reject(frame, inPort);
        }
        counters.drop(((InboundDecision.Drop) d).reason());
        return List.of();
    }

    private List<OFMessage> installSession(Mapping m, Endpoint remote) {
        sessions.add(m.id(), remote);
        if (m.protocol() == Protocol.UDP) { // TCP segments stay under the MSS; UDP datagrams fragment
            fragments.recordSession(m.protocol().ipProtocolNumber(), m.internalIp(), m.publicIp(), remote.ip());
        }
        return sessionFlows.install(m, remote, idleSeconds(m.protocol()));
    }

    /**
     * A packet of a session whose flows we already sent missed anyway (it raced the flow-mods, or
     * the switch cannot match it, e.g. a fragment). Its flows are re-sent, and the packet, already
     * translated here, goes straight to its next hop: resubmitting it could loop forever.
     */
    private List<OFMessage> sendMissedAgain(Frame frame, long now) {
        counters.increment("translated_in_controller");
        frame.ipv4().decrementTtl();
        return routing.deliver(frame, ports, now);
    }

    /** Slow-path result: forward what was translated, count what was not. */
    private List<OFMessage> slow(Optional<Enum<?>> dropped, Frame frame, long now) {
        if (dropped.isPresent()) {
            counters.drop(dropped.get());
            return List.of();
        }
        counters.increment("slow_path");
        frame.ipv4().decrementTtl();
        return routing.deliver(frame, ports, now);
    }

    /**
     * A flow went away. Removals we asked for are already accounted for. An idle removal of a
     * session whose mapping the core still holds alive (refreshed by the other direction) is
     * reinstalled; otherwise the session goes, and with its last session the mapping.
     */
    public synchronized List<OFMessage> flowRemoved(OFFlowRemoved removed, long now) {
        if (!Tables.isMappingCookie(removed.getCookie()) || removed.getReason() == OFFlowRemovedReason.DELETE) {
            return List.of();
        }
        long id = removed.getCookie().getValue();
        Optional<Endpoint> remote = remoteOf(removed);
        Optional<Mapping> m = nat.lookup(id);
        if (remote.isEmpty() || m.isEmpty()) {
            return List.of();
        }
        if (m.get().expiresAt() > now && sessions.contains(id, remote.get())) {
            return sessionFlows.install(m.get(), remote.get(), idleSeconds(m.get().protocol()));
        }
        List<OFMessage> out = new ArrayList<>(sessionFlows.remove(m.get(), remote.get()));
        if (sessions.remove(id, remote.get())) {
            nat.delete(id, now);
            counters.increment("mapping_removed_by_switch");
        }
        return out;
    }

    /** Timers: expire mappings (and their flows), retry or refresh ARP, drop stale held packets. */
    public synchronized List<OFMessage> tick(long now) {
        List<OFMessage> out = new ArrayList<>();
        for (Mapping m : nat.expire(now)) {
            sessions.removeAll(m.id());
            out.add(mods.deleteByCookie(org.projectfloodlight.openflow.types.U64.of(m.id())));
            counters.increment("mapping_expired");
        }
        if (ports != null && (!neighbors.gatewayKnown() || now - neighbors.gatewayLearnedAt() > GATEWAY_REFRESH_MILLIS)) {
            out.addAll(arp.queryGateway(ports, now));
        }
        counters.add("drop." + RouterDrop.NO_ROUTE_YET.name(), pending.expire(now));
        return out;
    }

    private static final long GATEWAY_REFRESH_MILLIS = 60_000;

    /** Deletes a mapping on request (REST): its flows go with it. */
    public synchronized Optional<List<OFMessage>> deleteMapping(long id, long now) {
        return nat.delete(id, now).map(m -> {
            sessions.removeAll(id);
            return List.<OFMessage>of(mods.deleteByCookie(org.projectfloodlight.openflow.types.U64.of(id)));
        });
    }

    /** Adds a forward; it takes effect with the next inbound packet (inbound misses reach the core). */
    public synchronized io.natflow.nat.core.ForwardResult addForward(io.natflow.nat.core.ForwardRule rule, long now) {
        return nat.addForward(rule, now);
    }

    /** Removes a forward and the flows of the sessions it had opened; empty if unknown. */
    public synchronized Optional<List<OFMessage>> removeForward(io.natflow.nat.core.ForwardRule rule, long now) {
        return nat.removeForward(rule, now).map(removed -> {
            List<OFMessage> out = new ArrayList<>();
            for (Mapping m : removed) {
                sessions.removeAll(m.id());
                out.add(mods.deleteByCookie(org.projectfloodlight.openflow.types.U64.of(m.id())));
            }
            return out;
        });
    }

    /**
     * Rebuilds the mapping table from the session flows a restarted controller finds in the
     * switch. Flows the core refuses (duplicates, conflicts) are deleted rather than kept
     * half-known. Returns the deletes; {@code restored} receives how many mappings came back.
     */
    public synchronized List<OFMessage> restore(List<OFFlowStatsReply> replies, long now, java.util.function.IntConsumer restored) {
        io.natflow.nat.core.RestoreReport report = nat.restore(new FlowReader(config).read(replies, now), now);
        for (Mapping m : report.restored()) {
            m.remotes().forEach(remote -> sessions.add(m.id(), remote));
        }
        // Delete exactly the refused record's flows: its id may equal a live mapping's cookie.
        var matches = FlowReader.matchesById(replies);
        List<OFMessage> out = new ArrayList<>();
        for (io.natflow.nat.core.RestoreReport.Problem problem : report.problems()) {
            for (var match : matches.getOrDefault(problem.record().id(), List.of())) {
                out.add(mods.deleteStrict(Tables.NAT, SessionFlows.PRIORITY, match));
            }
        }
        restored.accept(report.restored().size());
        counters.add("mapping_restored", report.restored().size());
        counters.add("mapping_restore_refused", report.problems().size());
        return out;
    }

    public synchronized int refresh(List<OFFlowStatsReply> replies, long now) {
        return refresher.refresh(replies, now);
    }

    /** Runs {@code action} on the core under this router's lock, for read access from REST. */
    public synchronized <T> T withNat(java.util.function.Function<Nat, T> action) {
        return action.apply(nat);
    }

    public synchronized Optional<ActivityRefresher.Counts> counts(long mappingId, boolean outbound) {
        return Optional.ofNullable(refresher.countsOf(mappingId).get(outbound));
    }

    public synchronized boolean gatewayResolved() {
        return neighbors.gatewayKnown();
    }

    public synchronized int sessionCount() {
        return sessions.sessions();
    }

    /** The remote end of a session flow: the destination of an outbound flow, the source of an inbound one. */
    private Optional<Endpoint> remoteOf(OFFlowRemoved removed) {
        return SessionMatch.of(removed.getMatch()).map(t -> config.inLan(t.srcIp())
                ? new Endpoint(t.dstIp(), t.dstPort())
                : new Endpoint(t.srcIp(), t.srcPort()));
    }


    private int idleSeconds(Protocol protocol) {
        long millis = protocol == Protocol.TCP ? config.nat().tcpEstablishedMillis() : config.nat().udpTimeoutMillis();
        long slack = 2 * config.refreshPeriod().toMillis() + 1_000;
        return (int) Math.min(65_535, (millis + slack + 999) / 1000);
    }

    private static Optional<Protocol> transport(Ipv4Packet p) {
        return switch (p.protocol()) {
            case EtherTypes.PROTO_TCP -> Optional.of(Protocol.TCP);
            case EtherTypes.PROTO_UDP -> Optional.of(Protocol.UDP);
            default -> Optional.empty();
        };
    }

    private static int tcpFlags(Ipv4Packet p) {
        return p.protocol() == EtherTypes.PROTO_TCP ? p.tcpFlags() : 0;
    }

    /**
     * REST: the last-read flow counters of a mapping in one direction as {@code {packets, bytes}}
     * (summed over its sessions); empty if none were read. {@link #counts} returns a type that is
     * not visible outside this package.
     */
    public synchronized Optional<long[]> lastFlowCounters(long mappingId, boolean outbound) {
        return counts(mappingId, outbound).map(c -> new long[] {c.packets(), c.bytes()});
    }
}
