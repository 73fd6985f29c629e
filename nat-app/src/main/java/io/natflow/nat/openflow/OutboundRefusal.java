package io.natflow.nat.openflow;

import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.RefusalReply;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.GeneratedFrames;
import io.natflow.nat.packet.IcmpMessage;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * What follows the core's refusal of a new outbound TCP/UDP session. Every refusal is counted
 * by reason. A refusal for a limit (quota, ports, table, sessions) also makes the switch drop the
 * sender's further new sessions for a moment, so a retry loop or a scan does not turn each packet
 * into a packet-in: the host's, or for a full mapping only that internal endpoint's. And if the
 * router's {@link RefusalReply} says so, the sender hears ICMP "communication administratively
 * prohibited" from the router (RFC 5508 REQ-8), once per backoff since the switch drops the rest.
 */
final class OutboundRefusal {
    /** How long a refused sender's new sessions are dropped in the switch before it may retry. */
    static final int BACKOFF_SECONDS = 2;

    private final RouterConfig config;
    private final SessionFlows sessionFlows;
    private final FlowMods mods;
    private final NatCounters counters;

    OutboundRefusal(RouterConfig config, SessionFlows sessionFlows, FlowMods mods, NatCounters counters) {
        this.config = config;
        this.sessionFlows = sessionFlows;
        this.mods = mods;
        this.counters = counters;
    }

    List<OFMessage> refuse(RefuseReason reason, Frame frame, Protocol protocol, OFPort inPort) {
        counters.refused(reason);
        if (!reason.isLimit()) {
            return List.of();
        }
        Ipv4Packet p = frame.ipv4();
        List<OFMessage> out = new ArrayList<>(2);
        counters.count(NatEvent.REFUSAL_BACKOFF);
        out.add(
                reason == RefuseReason.SESSIONS_PER_MAPPING
                        ? sessionFlows.backoff(
                                p.src(), p.srcPort(), protocol, BACKOFF_SECONDS) // the host's other mappings may go on
                        : sessionFlows.backoff(p.src(), protocol, BACKOFF_SECONDS));
        if (config.nat().refusalReply() == RefusalReply.ADMIN_PROHIBITED) {
            counters.count(NatEvent.REFUSAL_ICMP_SENT);
            out.add(mods.sendOut(
                    inPort,
                    GeneratedFrames.icmpError(
                            IcmpMessage.DESTINATION_UNREACHABLE,
                            IcmpMessage.CODE_ADMIN_PROHIBITED,
                            config.routerLanIp(),
                            p,
                            config.routerMac(),
                            frame.ethSrc())));
        }
        return out;
    }
}
