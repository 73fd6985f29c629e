package io.natflow.nat.openflow;

import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * A packet that a rule other than masquerade took (or none did: dropped) and that met the
 * controller first (the list just changed, a TTL ran out, a virtual server's connection opens):
 * done here once as the rule's flows do it in the switch. On the router's loop only.
 */
final class RuledPackets {
    private final Routing routing;
    private final VirtualServers vservers;
    private final NatCounters counters;

    RuledPackets(Routing routing, VirtualServers vservers, NatCounters counters) {
        this.routing = routing;
        this.vservers = vservers;
        this.counters = counters;
    }

    List<OFMessage> handle(NatRule rule, Frame frame, SwitchPorts ports, long now) throws MalformedPacketException {
        Ipv4Packet p = frame.ipv4();
        if (rule == null) {
            counters.count(NatEvent.DROP_NO_RULE);
            return List.of();
        }
        if (rule instanceof NatRule.VirtualServer v) {
            return vservers.inbound(v, frame, now)
                    .map(flows -> {
                        List<OFMessage> out = new ArrayList<>(flows);
                        out.addAll(routing.forward(frame, ports, now));
                        return out;
                    })
                    .orElse(List.of());
        }
        if (rule instanceof NatRule.StaticNat s) {
            if (p.src() == s.privateAddress()) {
                p.setSrc(s.publicAddress());
            } else {
                p.setDst(s.privateAddress());
            }
            return routing.forward(frame, ports, now);
        }
        if (rule instanceof NatRule.Skip) {
            return routing.forward(frame, ports, now);
        }
        counters.count(NatEvent.DROP_RULE); // Drop; DestinationNat never gets here (the NAT's forwards take it)
        return List.of();
    }
}
