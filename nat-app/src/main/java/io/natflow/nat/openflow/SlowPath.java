package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.InboundDecision;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.OutboundDecision;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import java.util.Optional;

/**
 * Translation in the controller of what set-field cannot do: ICMP queries (the identifier is not
 * an OpenFlow field) and ICMP errors (the embedded header must be rewritten, RFC 5508); later
 * fragments are {@link FragmentPath}'s. Rewrites the packet in place, or says why it is dropped.
 */
final class SlowPath {
    private final Nat nat;
    private final MappingLog log;

    SlowPath(Nat nat, MappingLog log) {
        this.nat = nat;
        this.log = log;
    }

    SlowPathResult outbound(Ipv4Packet p, long now) throws MalformedPacketException {
        IcmpMessage icmp = p.icmp();
        if (icmp.isQuery()) {
            return outboundQuery(p, icmp, now);
        }
        if (icmp.isQueryReply()) {
            Optional<Mapping> m = nat.lookupInternal(Protocol.ICMP, new Endpoint(p.src(), icmp.identifier()));
            m.ifPresent(mapping -> translateSource(p, icmp, mapping));
            return m.isPresent()
                    ? SlowPathResult.TRANSLATED
                    : SlowPathResult.dropped(PacketInDrop.ICMP_UNSUPPORTED_TYPE);
        }
        if (icmp.isError()) {
            return outboundError(p, icmp, now);
        }
        return SlowPathResult.dropped(PacketInDrop.ICMP_UNSUPPORTED_TYPE);
    }

    SlowPathResult inbound(Ipv4Packet p, long now) throws MalformedPacketException {
        IcmpMessage icmp = p.icmp();
        if (icmp.isQueryReply() || icmp.isQuery()) {
            InboundDecision d = nat.translateInbound(Protocol.ICMP, p.src(), 0, p.dst(), icmp.identifier(), 0, now);
            if (d instanceof InboundDecision.Translate t) {
                if (t.created()) {
                    log.created(t.mapping(), new Endpoint(p.src(), 0), now);
                }
                translateDestination(p, icmp, t.mapping());
                return SlowPathResult.TRANSLATED;
            }
            return SlowPathResult.dropped(
                    d instanceof InboundDecision.Drop drop ? drop.reason() : ((InboundDecision.Reject) d).reason());
        }
        if (icmp.isError()) {
            return inboundError(p, icmp, now);
        }
        return SlowPathResult.dropped(PacketInDrop.ICMP_UNSUPPORTED_TYPE);
    }

    private SlowPathResult outboundQuery(Ipv4Packet p, IcmpMessage icmp, long now) {
        OutboundDecision d = nat.translateOutbound(Protocol.ICMP, p.src(), icmp.identifier(), p.dst(), 0, 0, now);
        if (d instanceof OutboundDecision.Translate t) {
            if (t.created()) {
                log.created(t.mapping(), new Endpoint(p.dst(), 0), now);
            }
            translateSource(p, icmp, t.mapping());
            return SlowPathResult.TRANSLATED;
        }
        if (d instanceof OutboundDecision.Refuse r) {
            return SlowPathResult.dropped(r.reason());
        }
        return SlowPathResult.dropped(PacketInDrop.ICMP_UNSUPPORTED_TYPE); // ICMP hairpin: not supported
    }

    private static void translateSource(Ipv4Packet p, IcmpMessage icmp, Mapping m) {
        p.setSrc(m.publicIp());
        icmp.setIdentifier(m.publicPort());
    }

    private static void translateDestination(Ipv4Packet p, IcmpMessage icmp, Mapping m) {
        p.setDst(m.internalIp());
        icmp.setIdentifier(m.internalPort());
    }

    /** A LAN host reports on a packet it got through a mapping: inner dst and outer src go public. */
    private SlowPathResult outboundError(Ipv4Packet p, IcmpMessage icmp, long now) throws MalformedPacketException {
        Ipv4Packet inner = icmp.embedded();
        Optional<Protocol> protocol = protocolOf(inner);
        if (protocol.isEmpty()) {
            return SlowPathResult.dropped(PacketInDrop.ICMP_ERROR_UNMATCHED);
        }
        Optional<Mapping> m = nat.findForOutboundIcmpError(
                protocol.get(),
                new Endpoint(inner.src(), innerPort(inner, true, false)),
                new Endpoint(inner.dst(), innerPort(inner, false, true)),
                now);
        if (m.isEmpty()) {
            return SlowPathResult.dropped(PacketInDrop.ICMP_ERROR_UNMATCHED);
        }
        p.setSrc(m.get().publicIp());
        inner.setDst(m.get().publicIp());
        setInnerPort(inner, false, m.get().publicPort());
        icmp.recomputeChecksum();
        return SlowPathResult.TRANSLATED;
    }

    /** An error about a packet we sent from a public endpoint: inner src and outer dst go internal. */
    private SlowPathResult inboundError(Ipv4Packet p, IcmpMessage icmp, long now) throws MalformedPacketException {
        Ipv4Packet inner = icmp.embedded();
        Optional<Protocol> protocol = protocolOf(inner);
        if (protocol.isEmpty() || inner.src() != p.dst()) {
            return SlowPathResult.dropped(PacketInDrop.ICMP_ERROR_UNMATCHED);
        }
        Optional<Mapping> m = nat.findForInboundIcmpError(
                protocol.get(),
                new Endpoint(inner.src(), innerPort(inner, true, true)),
                new Endpoint(inner.dst(), innerPort(inner, false, false)),
                now);
        if (m.isEmpty()) {
            return SlowPathResult.dropped(PacketInDrop.ICMP_ERROR_UNMATCHED);
        }
        p.setDst(m.get().internalIp());
        inner.setSrc(m.get().internalIp());
        setInnerPort(inner, true, m.get().internalPort());
        icmp.recomputeChecksum();
        return SlowPathResult.TRANSLATED;
    }

    private static Optional<Protocol> protocolOf(Ipv4Packet inner) {
        if (inner.isLaterFragment()) {
            return Optional.empty();
        }
        return switch (inner.protocol()) {
            case EtherTypes.PROTO_TCP -> Optional.of(Protocol.TCP);
            case EtherTypes.PROTO_UDP -> Optional.of(Protocol.UDP);
            case EtherTypes.PROTO_ICMP -> Optional.of(Protocol.ICMP);
            default -> Optional.empty();
        };
    }

    /**
     * The inner packet's port. For an inner ICMP query the identifier is the port of the NAT's own
     * side ({@code ourSide}) and the remote side has port 0, as the core keys ICMP mappings.
     */
    private static int innerPort(Ipv4Packet inner, boolean source, boolean ourSide) throws MalformedPacketException {
        if (inner.protocol() == EtherTypes.PROTO_ICMP) {
            return ourSide ? inner.icmp().identifier() : 0;
        }
        return source ? inner.srcPort() : inner.dstPort();
    }

    private static void setInnerPort(Ipv4Packet inner, boolean source, int port) throws MalformedPacketException {
        if (inner.protocol() == EtherTypes.PROTO_ICMP) {
            inner.icmp().setIdentifier(port);
        } else if (source) {
            inner.setSrcPort(port);
        } else {
            inner.setDstPort(port);
        }
    }
}
