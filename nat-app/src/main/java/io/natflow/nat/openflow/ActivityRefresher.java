package io.natflow.nat.openflow;

import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * The datapath carries established sessions without the controller, so the core's idle timers
 * would run out under live traffic. Reading the NAT table's flow counters and refreshing the
 * mappings whose flows moved packets keeps the core's timers and the switch in agreement.
 */
final class ActivityRefresher {
    /** A session flow, as identified in flow stats. */
    record FlowKey(long cookie, int srcIp, int srcPort, int dstIp, int dstPort) {}

    /** Packet and byte counts of one flow. */
    record Counts(long packets, long bytes) {}

    private final Nat nat;
    private final RouterConfig config;
    private Map<FlowKey, Counts> last = new HashMap<>();

    ActivityRefresher(Nat nat, RouterConfig config) {
        this.nat = nat;
        this.config = config;
    }

    /** Refreshes mappings whose flows moved packets since the last reading; returns how many. */
    int refresh(List<OFFlowStatsReply> replies, long now) {
        Map<FlowKey, Counts> current = new HashMap<>();
        int refreshed = 0;
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry entry : reply.getEntries()) {
                if (!Tables.isMappingCookie(entry.getCookie())) {
                    continue;
                }
                Optional<FlowKey> key = key(entry.getCookie().getValue(), entry.getMatch());
                if (key.isEmpty()) {
                    continue;
                }
                Counts counts = new Counts(entry.getPacketCount().getValue(), entry.getByteCount().getValue());
                current.put(key.get(), counts);
                Counts before = last.get(key.get());
                if (counts.packets() > (before == null ? 0 : before.packets()) && touch(key.get(), now)) {
                    refreshed++;
                }
            }
        }
        last = current;
        return refreshed;
    }

    /** Counters of a mapping's flows as last read: outbound and inbound, summed over sessions. */
    Map<Boolean, Counts> countsOf(long mappingId) {
        Map<Boolean, Counts> out = new HashMap<>();
        last.forEach((k, c) -> {
            if (k.cookie() == mappingId) {
                out.merge(config.inLan(k.srcIp()), c, (a, b) -> new Counts(a.packets() + b.packets(), a.bytes() + b.bytes()));
            }
        });
        return out;
    }

    private boolean touch(FlowKey k, long now) {
        Optional<Mapping> m = nat.lookup(k.cookie());
        if (m.isEmpty()) {
            return false;
        }
        Protocol protocol = m.get().protocol();
        // Any TCP packet after the opening SYN carries ACK: traffic in the answering direction
        // means the handshake completed, which moves the core's state machine to ESTABLISHED.
        int flags = protocol == Protocol.TCP ? TcpFlags.ACK : 0;
        if (config.inLan(k.srcIp())) {
            nat.translateOutbound(protocol, k.srcIp(), k.srcPort(), k.dstIp(), k.dstPort(), flags, now);
        } else {
            nat.translateInbound(protocol, k.srcIp(), k.srcPort(), k.dstIp(), k.dstPort(), flags, now);
        }
        return true;
    }

    private static Optional<FlowKey> key(long cookie, Match match) {
        return SessionMatch.of(match).map(t -> new FlowKey(cookie, t.srcIp(), t.srcPort(), t.dstIp(), t.dstPort()));
    }

}
