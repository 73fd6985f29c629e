package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The fast path's first packet: a TCP/UDP packet that missed the NAT table goes to the core,
 * and a translation becomes the session's two flows plus the packet sent back through the
 * pipeline (after the flows, so it is not lost). A new session opens only if the core's session
 * limits admit it.
 */
final class SessionSetup {
    private final RouterConfig config;
    private final Nat nat;
    private final Sessions sessions;
    private final SessionFlows sessionFlows;
    private final FragmentTracker fragments;
    private final Routing routing;
    private final FlowMods mods;
    private final NatCounters counters;
    private final MappingLog log;
    private final OutboundRefusal refusal;

    SessionSetup(RouterConfig config, Nat nat, Sessions sessions, SessionFlows sessionFlows, FragmentTracker fragments,
                 Routing routing, FlowMods mods, NatCounters counters, MappingLog log) {
        this.config = config;
        this.nat = nat;
        this.sessions = sessions;
        this.sessionFlows = sessionFlows;
        this.fragments = fragments;
        this.routing = routing;
        this.mods = mods;
        this.counters = counters;
        this.log = log;
        this.refusal = new OutboundRefusal(config, sessionFlows, mods, counters);
    }

    List<OFMessage> outbound(Frame frame, Protocol protocol, OFPort inPort, SwitchPorts ports, long now) {
        Ipv4Packet p = frame.ipv4();
        OutboundDecision d = nat.translateOutbound(protocol, p.src(), p.srcPort(), p.dst(), p.dstPort(),
                tcpFlags(p, protocol), now);
        List<OFMessage> out = new ArrayList<>();
        if (d instanceof OutboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.dst(), p.dstPort());
            if (t.created()) {
                log.created(t.mapping(), remote, now);
            }
            boolean known = sessions.contains(t.mapping().id(), remote);
            RefuseReason limit = known ? null : open(t.mapping(), remote);
            if (limit != null) {
                return refusal.refuse(limit, frame, protocol, inPort);
            }
            out.addAll(install(t.mapping(), remote));
            if (known) {
                p.setSrc(t.mapping().publicIp());
                p.setSrcPort(t.mapping().publicPort());
                out.addAll(sendMissedAgain(frame, ports, now));
                return out;
            }
        } else if (d instanceof OutboundDecision.Hairpin h) {
            if (h.created()) {
                log.created(h.source(), h.destination().publicEndpoint(), now);
            }
            boolean known = sessions.contains(h.source().id(), h.destination().publicEndpoint());
            RefuseReason limit = known ? null : open(h.source(), h.destination().publicEndpoint());
            if (limit != null) {
                return refusal.refuse(limit, frame, protocol, inPort);
            }
            out.add(sessionFlows.hairpin(h.source(), h.destination(), new Endpoint(p.src(), p.srcPort()),
                    SessionFlows.idleSeconds(config, protocol)));
            if (known) {
                p.setSrc(h.source().publicIp());
                p.setSrcPort(h.source().publicPort());
                p.setDst(h.destination().internalIp());
                p.setDstPort(h.destination().internalPort());
                out.addAll(sendMissedAgain(frame, ports, now));
                return out;
            }
        } else {
            return refusal.refuse(((OutboundDecision.Refuse) d).reason(), frame, protocol, inPort);
        }
        counters.increment("session_setup");
        out.add(mods.resubmit(inPort, frame.bytes()));
        return out;
    }

    List<OFMessage> inbound(Frame frame, Protocol protocol, OFPort inPort, SwitchPorts ports, long now) {
        Ipv4Packet p = frame.ipv4();
        InboundDecision d = nat.translateInbound(protocol, p.src(), p.srcPort(), p.dst(), p.dstPort(),
                tcpFlags(p, protocol), now);
        if (d instanceof InboundDecision.Translate t) {
            Endpoint remote = new Endpoint(p.src(), p.srcPort());
            if (t.created()) {
                log.created(t.mapping(), remote, now);
            }
            boolean known = sessions.contains(t.mapping().id(), remote);
            RefuseReason limit = known ? null : open(t.mapping(), remote);
            if (limit != null) {
                counters.drop(limit); // from outside: dropped, nothing told, no backoff of a remote
                return List.of();
            }
            List<OFMessage> out = new ArrayList<>(install(t.mapping(), remote));
            if (known) {
                p.setDst(t.mapping().internalIp());
                p.setDstPort(t.mapping().internalPort());
                out.addAll(sendMissedAgain(frame, ports, now));
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

    /** Records a new session on {@code m} unless a session limit refuses it; returns that limit, or null. */
    private RefuseReason open(Mapping m, Endpoint remote) {
        RefuseReason limit = nat.admitSession(m).orElse(null);
        if (limit == null) {
            sessions.add(m.id(), remote);
        }
        return limit;
    }

    /** The session's flows; the caller has recorded the session. */
    private List<OFMessage> install(Mapping m, Endpoint remote) {
        if (m.protocol() == Protocol.UDP) { // TCP segments stay under the MSS; UDP datagrams fragment
            fragments.recordSession(m.protocol().ipProtocolNumber(), m.internalIp(), m.publicIp(), remote.ip());
        }
        return sessionFlows.install(m, remote, SessionFlows.idleSeconds(config, m.protocol()));
    }

    /**
     * A packet of a session whose flows we already sent missed anyway (it raced the flow-mods, or
     * the switch cannot match it). Its flows are re-sent, and the packet, already translated here,
     * goes straight to its next hop: resubmitting it could loop forever.
     */
    private List<OFMessage> sendMissedAgain(Frame frame, SwitchPorts ports, long now) {
        counters.increment("translated_in_controller");
        return routing.forward(frame, ports, now);
    }

    private static int tcpFlags(Ipv4Packet p, Protocol protocol) {
        return protocol == Protocol.TCP ? p.tcpFlags() : 0;
    }
}
