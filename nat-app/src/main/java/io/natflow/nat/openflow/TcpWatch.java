package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Ipv4Packet;

/**
 * Feeds the core's TCP state machine with the FIN and RST copies the WATCH table sends
 * (untranslated, both directions). Only existing mappings are updated: a copy never creates one.
 */
final class TcpWatch {
    private final Nat nat;

    TcpWatch(Nat nat) {
        this.nat = nat;
    }

    void observe(Ipv4Packet p, boolean fromLan, long now) {
        if (p.protocol() != EtherTypes.PROTO_TCP || !p.hasPorts()) {
            return;
        }
        if (fromLan) {
            if (nat.lookupInternal(Protocol.TCP, new Endpoint(p.src(), p.srcPort())).isPresent()) {
                nat.translateOutbound(Protocol.TCP, p.src(), p.srcPort(), p.dst(), p.dstPort(), p.tcpFlags(), now);
            }
        } else if (nat.lookupPublic(Protocol.TCP, new Endpoint(p.dst(), p.dstPort())).isPresent()) {
            nat.translateInbound(Protocol.TCP, p.src(), p.srcPort(), p.dst(), p.dstPort(), p.tcpFlags(), now);
        }
    }
}
