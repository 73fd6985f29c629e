package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Ipv4Packet;
import java.util.Optional;

/**
 * Follows TCP closes from the FIN and RST copies the WATCH table sends (untranslated, both
 * directions). A mapping with one session feeds the core's TCP state machine; a session that
 * shares its mapping with others is followed by {@link SessionCloser}, so closing one
 * connection does not expire the others. A copy never creates a mapping.
 */
final class TcpWatch {
    private final Nat nat;
    private final Sessions sessions;
    private final SessionCloser closer;

    TcpWatch(Nat nat, Sessions sessions, SessionCloser closer) {
        this.nat = nat;
        this.sessions = sessions;
        this.closer = closer;
    }

    void observe(Ipv4Packet p, boolean fromLan, long now) {
        if (p.protocol() != EtherTypes.PROTO_TCP || !p.hasPorts()) {
            return;
        }
        Optional<Mapping> m = fromLan
                ? nat.lookupInternal(Protocol.TCP, new Endpoint(p.src(), p.srcPort()))
                : nat.lookupPublic(Protocol.TCP, new Endpoint(p.dst(), p.dstPort()));
        if (m.isEmpty()) {
            return;
        }
        Endpoint remote = fromLan ? new Endpoint(p.dst(), p.dstPort()) : new Endpoint(p.src(), p.srcPort());
        if (sessions.count(m.get().id()) > 1) {
            closer.observe(m.get().id(), remote, fromLan, p.tcpFlags(), now);
        } else if (fromLan) {
            nat.translateOutbound(Protocol.TCP, p.src(), p.srcPort(), p.dst(), p.dstPort(), p.tcpFlags(), now);
        } else {
            nat.translateInbound(Protocol.TCP, p.src(), p.srcPort(), p.dst(), p.dstPort(), p.tcpFlags(), now);
        }
    }
}
