package io.natflow.nat.openflow;

import io.natflow.nat.service.FlowCounters;
import java.util.List;
import java.util.function.IntPredicate;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * The flow stats of one mapping: the NAT table's flows whose cookie is the mapping id (one per
 * session and direction), summed per direction (a LAN source is outbound).
 */
final class MappingFlowStats {
    private MappingFlowStats() {}

    static OFFlowStatsRequest request(OFFactory f, long mappingId) {
        return f.buildFlowStatsRequest()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(mappingId))
                .setCookieMask(U64.NO_MASK)
                .build();
    }

    static FlowCounters sum(List<OFFlowStatsReply> replies, long mappingId, IntPredicate isLan, long now) {
        long outPackets = 0, outBytes = 0, inPackets = 0, inBytes = 0;
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                if (e.getCookie().getValue() != mappingId) {
                    continue;
                }
                IPv4Address src = e.getMatch().get(MatchField.IPV4_SRC);
                if (src != null && isLan.test(src.getInt())) {
                    outPackets += e.getPacketCount().getValue();
                    outBytes += e.getByteCount().getValue();
                } else {
                    inPackets += e.getPacketCount().getValue();
                    inBytes += e.getByteCount().getValue();
                }
            }
        }
        return new FlowCounters(
                new FlowCounters.Traffic(outPackets, outBytes), new FlowCounters.Traffic(inPackets, inBytes), now);
    }
}
