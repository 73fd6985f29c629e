package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Later fragments, translated in the controller: they carry no ports, and OVS 3.1's userspace
 * datapath corrupts them when a flow set-fields their address. Each is translated by the ports
 * its first fragment carried, found by (source, destination, protocol, IP id), so two LAN hosts
 * receiving fragmented datagrams from the same server at once each get their own. The first
 * fragment reaches the controller as a header copy (TCP, UDP: the datapath translates the
 * fragment itself) or as a packet-in of its own (ICMP, a new session). A later fragment that
 * comes before its first one, or before its session exists, waits a moment for it.
 */
final class FragmentPath {
    private final Nat nat;
    private final FragmentTracker tracker;
    private final Routing routing;
    private final NatCounters counters;

    FragmentPath(Nat nat, FragmentTracker tracker, Routing routing, NatCounters counters) {
        this.nat = nat;
        this.tracker = tracker;
        this.routing = routing;
        this.counters = counters;
    }

    /**
     * Remembers the ports of a first fragment, read before anything rewrites it; returns its
     * datagram (for {@link #release}), or null if {@code p} is no first fragment with ports.
     */
    FragmentTracker.Datagram remember(Ipv4Packet p, long now) throws MalformedPacketException {
        if (!p.moreFragments() || p.isLaterFragment()) {
            return null;
        }
        FragmentTracker.Ports ports;
        if (p.hasPorts()) {
            ports = new FragmentTracker.Ports(p.srcPort(), p.dstPort());
        } else if (p.protocol() == EtherTypes.PROTO_ICMP
                && (p.icmp().isQuery() || p.icmp().isQueryReply())) {
            ports = new FragmentTracker.Ports(p.icmp().identifier(), p.icmp().identifier());
        } else {
            return null;
        }
        FragmentTracker.Datagram d = FragmentTracker.Datagram.of(p);
        tracker.first(d, ports, now);
        return d;
    }

    /** {@code out} (what the first fragment produced), then the later fragments that waited for it. */
    List<OFMessage> release(FragmentTracker.Datagram d, List<OFMessage> out, SwitchPorts ports, long now) {
        List<FragmentTracker.Held> waiting = d == null ? List.of() : tracker.release(d);
        if (waiting.isEmpty()) {
            return out;
        }
        List<OFMessage> all = new ArrayList<>(out);
        for (FragmentTracker.Held h : waiting) {
            try {
                all.addAll(later(Frame.parse(h.frame()), h.fromLan(), h.since(), ports, now));
            } catch (MalformedPacketException e) {
                counters.drop(e.reason()); // cannot happen: it parsed when it arrived
            }
        }
        return all;
    }

    List<OFMessage> later(Frame frame, boolean fromLan, SwitchPorts ports, long now) {
        return later(frame, fromLan, now, ports, now);
    }

    /** Drops later fragments that waited too long for their first one; counted as unmatched. */
    void expire(long now) {
        counters.count(NatEvent.DROP_FRAGMENT_UNMATCHED, tracker.expire(now));
    }

    private List<OFMessage> later(Frame frame, boolean fromLan, long since, SwitchPorts ports, long now) {
        Ipv4Packet p = frame.ipv4();
        FragmentTracker.Datagram d = FragmentTracker.Datagram.of(p);
        Optional<FragmentTracker.Ports> first = tracker.portsOf(d, now);
        Optional<NatEvent> refused =
                first.isPresent() ? translate(p, first.get(), fromLan) : Optional.of(NatEvent.DROP_FRAGMENT_UNMATCHED);
        if (refused.isEmpty()) {
            counters.count(NatEvent.SLOW_PATH);
            return routing.forward(frame, ports, now);
        }
        if (refused.get() != NatEvent.DROP_FRAGMENT_UNMATCHED) {
            counters.count(refused.get());
        } else if (tracker.hold(d, new FragmentTracker.Held(frame.bytes(), fromLan, since))) {
            counters.count(NatEvent.FRAGMENT_HELD);
        } else {
            counters.drop(PacketInDrop.FRAGMENT_HOLD_FULL);
        }
        return List.of();
    }

    /**
     * Rewrites a later fragment as the datapath rewrote its first one: outbound the source to
     * the sender's public address (and, for a hairpin, the destination to the receiver's
     * internal one), inbound the destination to the internal host. FRAGMENT_UNMATCHED while the
     * mapping does not exist (yet).
     */
    private Optional<NatEvent> translate(Ipv4Packet p, FragmentTracker.Ports first, boolean fromLan) {
        Optional<Protocol> protocol = protocolOf(p.protocol());
        if (protocol.isEmpty()) {
            return Optional.of(NatEvent.DROP_UNSUPPORTED_PROTOCOL);
        }
        boolean icmp = protocol.get() == Protocol.ICMP;
        if (fromLan) {
            Optional<Mapping> source = nat.lookupInternal(protocol.get(), new Endpoint(p.src(), first.src()));
            if (source.isEmpty()) {
                return Optional.of(NatEvent.DROP_FRAGMENT_UNMATCHED);
            }
            if (nat.isPublicAddress(p.dst())) { // hairpin
                Optional<Mapping> target = admitted(
                        protocol.get(),
                        p.dst(),
                        first.dst(),
                        source.get().publicIp(),
                        icmp ? 0 : source.get().publicPort());
                if (target.isEmpty()) {
                    return Optional.of(NatEvent.DROP_FILTERED);
                }
                p.setDst(target.get().internalIp());
            }
            p.setSrc(source.get().publicIp());
            return Optional.empty();
        }
        Optional<Mapping> target = nat.lookupPublic(protocol.get(), new Endpoint(p.dst(), first.dst()));
        if (target.isEmpty()) {
            return Optional.of(NatEvent.DROP_FRAGMENT_UNMATCHED);
        }
        if (!target.get().admits(nat.config().filtering(), p.src(), icmp ? 0 : first.src())) {
            return Optional.of(NatEvent.DROP_FILTERED);
        }
        p.setDst(target.get().internalIp());
        return Optional.empty();
    }

    private Optional<Mapping> admitted(Protocol protocol, int publicIp, int publicPort, int remoteIp, int remotePort) {
        return nat.lookupPublic(protocol, new Endpoint(publicIp, publicPort))
                .filter(m -> m.admits(nat.config().filtering(), remoteIp, remotePort));
    }

    private static Optional<Protocol> protocolOf(int ipProtocol) {
        return switch (ipProtocol) {
            case EtherTypes.PROTO_TCP -> Optional.of(Protocol.TCP);
            case EtherTypes.PROTO_UDP -> Optional.of(Protocol.UDP);
            case EtherTypes.PROTO_ICMP -> Optional.of(Protocol.ICMP);
            default -> Optional.empty();
        };
    }
}
