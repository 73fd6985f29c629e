package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The fast path's first packet: a TCP SYN (sent up by WATCH) or a packet that missed the NAT
 * table goes to the core; a translation becomes the session's two flows, and the packet itself,
 * translated here, goes straight to its next hop after them. It is not resubmitted through the
 * pipeline: a SYN would come straight back from WATCH, and any packet would meet the very
 * datapath flow that sent it up until the switch's revalidator has replaced it. A new session
 * opens only if the core's session limits admit it.
 */
final class SessionSetup {
    private final Nat nat;
    private final Sessions sessions;
    private final SessionFlows sessionFlows;
    private final RecentFlows recent = new RecentFlows();
    private final DelayedCloseWatch closeWatch = new DelayedCloseWatch();
    private final Routing routing;
    private final NatCounters counters;
    private final MappingLog log;
    private final OutboundRefusal refusal;

    SessionSetup(
            Nat nat,
            Sessions sessions,
            SessionFlows sessionFlows,
            Routing routing,
            NatCounters counters,
            MappingLog log,
            OutboundRefusal refusal) {
        this.nat = nat;
        this.sessions = sessions;
        this.sessionFlows = sessionFlows;
        this.routing = routing;
        this.counters = counters;
        this.log = log;
        this.refusal = refusal;
    }

    List<OFMessage> outbound(Frame frame, Protocol protocol, OFPort inPort, SwitchPorts ports, long now) {
        Ipv4Packet p = frame.ipv4();
        OutboundDecision d =
                nat.translateOutbound(protocol, p.src(), p.srcPort(), p.dst(), p.dstPort(), tcpFlags(p, protocol), now);
        if (d instanceof OutboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.dst(), p.dstPort());
            if (t.created()) {
                log.created(t.mapping(), remote, now);
            }
            Optional<RefuseReason> limit = admit(t.mapping(), remote);
            if (limit.isPresent()) {
                return refusal.refuse(limit.get(), frame, protocol, inPort);
            }
            List<OFMessage> out = open(
                    t.mapping(),
                    remote,
                    synSequence(p),
                    now,
                    NatEvent.SESSION_SETUP,
                    () -> sessionFlows.install(t.mapping(), remote, true),
                    () -> sessionFlows.installReopened(t.mapping(), remote, true));
            p.setSrc(t.mapping().publicIp());
            p.setSrcPort(t.mapping().publicPort());
            out.addAll(routing.forward(frame, ports, now));
            return out;
        }
        if (d instanceof OutboundDecision.Hairpin h) {
            Endpoint destination = h.destination().publicEndpoint();
            if (h.created()) {
                log.created(h.source(), destination, now);
            }
            Optional<RefuseReason> limit = admit(h.source(), destination);
            if (limit.isPresent()) {
                return refusal.refuse(limit.get(), frame, protocol, inPort);
            }
            Endpoint sender = new Endpoint(p.src(), p.srcPort());
            Supplier<List<OFMessage>> hairpin =
                    () -> List.of(sessionFlows.hairpin(h.source(), h.destination(), sender));
            List<OFMessage> out =
                    open(h.source(), destination, synSequence(p), now, NatEvent.SESSION_SETUP, hairpin, hairpin);
            p.setSrc(h.source().publicIp());
            p.setSrcPort(h.source().publicPort());
            p.setDst(h.destination().internalIp());
            p.setDstPort(h.destination().internalPort());
            out.addAll(routing.forward(frame, ports, now));
            return out;
        }
        return refusal.refuse(((OutboundDecision.Refuse) d).reason(), frame, protocol, inPort);
    }

    List<OFMessage> inbound(Frame frame, Protocol protocol, OFPort inPort, SwitchPorts ports, long now) {
        Ipv4Packet p = frame.ipv4();
        InboundDecision d =
                nat.translateInbound(protocol, p.src(), p.srcPort(), p.dst(), p.dstPort(), tcpFlags(p, protocol), now);
        if (d instanceof InboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.src(), p.srcPort());
            if (t.created()) {
                log.created(t.mapping(), remote, now);
            }
            Optional<RefuseReason> limit = admit(t.mapping(), remote);
            if (limit.isPresent()) {
                counters.refused(limit.get()); // from outside: dropped, nothing told, no backoff of a remote
                return List.of();
            }
            List<OFMessage> out = open(
                    t.mapping(),
                    remote,
                    synSequence(p),
                    now,
                    t.created() ? NatEvent.INBOUND_SESSION_SETUP : NatEvent.SESSION_SETUP,
                    () -> sessionFlows.install(t.mapping(), remote, false),
                    () -> sessionFlows.installReopened(t.mapping(), remote, false));
            p.setDst(t.mapping().internalIp());
            p.setDstPort(t.mapping().internalPort());
            out.addAll(routing.forward(frame, ports, now));
            return out;
        }
        if (d instanceof InboundDecision.Reject r) {
            counters.drop(r.reason());
            return routing.reject(frame, inPort);
        }
        counters.drop(((InboundDecision.Drop) d).reason());
        return List.of();
    }

    /** A known session is always admitted; a new one only within the core's session limits. */
    private Optional<RefuseReason> admit(Mapping m, Endpoint remote) {
        return sessions.contains(m.id(), remote) ? Optional.empty() : nat.admitSession(m);
    }

    /**
     * The flows for a session a packet just used: none if they were sent moments ago for the
     * same connection (the packet raced them), else {@code flows} for a new session, or for a
     * known one whose flows the switch may no longer hold, or that a SYN with a new sequence
     * number reopens on a just-closed 4-tuple (an ADD resets a flow's timeouts and counters, so
     * the new connection starts as new; see SessionFlows.installReopened). The switch owns the
     * mapping's idleness from here on.
     */
    private List<OFMessage> open(
            Mapping m,
            Endpoint remote,
            long synSequence,
            long now,
            NatEvent setupCounter,
            Supplier<List<OFMessage>> flows,
            Supplier<List<OFMessage>> reopenedFlows) {
        boolean fresh = sessions.add(m.id(), remote);
        if (!fresh && recent.raced(m.id(), remote, synSequence, now)) {
            counters.count(NatEvent.TRANSLATED_IN_CONTROLLER);
            return new ArrayList<>(1);
        }
        counters.count(fresh ? setupCounter : NatEvent.SESSION_REOPENED);
        nat.holdInSwitch(m.id(), now);
        recent.sent(m.id(), remote, synSequence, now);
        if (fresh || m.protocol() != Protocol.TCP) {
            return new ArrayList<>(flows.get());
        }
        if (!closeWatch.later(m.id(), remote, now)) {
            counters.count(NatEvent.REOPEN_WATCH_FULL); // bounded: this one gets fin_timeout at once
            return new ArrayList<>(flows.get());
        }
        return new ArrayList<>(reopenedFlows.get());
    }

    /** fin_timeout for the flows of TCP sessions reopened a moment ago (see SessionFlows.installReopened). */
    List<OFMessage> watchReopenedCloses(long now) {
        List<OFMessage> out = new ArrayList<>();
        closeWatch.due(
                now,
                (id, remote) -> nat.lookup(id)
                        .filter(m -> sessions.contains(id, remote))
                        .ifPresent(m -> out.addAll(sessionFlows.watchCloses(m, remote))));
        return out;
    }

    private static long synSequence(Ipv4Packet p) {
        boolean syn =
                p.protocol() == EtherTypes.PROTO_TCP && (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
        return syn ? p.tcpSequence() : RecentFlows.NO_SYN;
    }

    private static int tcpFlags(Ipv4Packet p, Protocol protocol) {
        return protocol == Protocol.TCP ? p.tcpFlags() : 0;
    }
}
