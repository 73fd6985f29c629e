package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.MappingRecord;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * Reads session flows back from the switch's NAT table into mapping records, so a restarted
 * controller can rebuild its table from what the datapath still carries (the flows' cookies
 * are the mapping ids). TCP state is not in the flows; restored TCP mappings count as
 * established, the conservative choice for connections that may still be open.
 */
final class FlowReader {
    private final RouterConfig config;

    FlowReader(RouterConfig config) {
        this.config = config;
    }

    /** Mapping records by id, built from every session flow in the replies. */
    List<MappingRecord> read(List<OFFlowStatsReply> replies, long now) {
        Map<Long, Builder> byId = new LinkedHashMap<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry entry : reply.getEntries()) {
                if (Tables.isMappingCookie(entry.getCookie())) {
                    long age = entry.getDurationSec() * 1000L;
                    byId.computeIfAbsent(entry.getCookie().getValue(), Builder::new)
                            .add(entry, now - age);
                }
            }
        }
        List<MappingRecord> out = new ArrayList<>();
        byId.values().forEach(b -> b.build(now).ifPresent(out::add));
        return out;
    }

    /** The matches of every session flow, by mapping id, to delete exactly the flows of a refused record. */
    static Map<Long, List<Match>> matchesById(List<OFFlowStatsReply> replies) {
        Map<Long, List<Match>> out = new LinkedHashMap<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry entry : reply.getEntries()) {
                if (Tables.isMappingCookie(entry.getCookie())) {
                    out.computeIfAbsent(entry.getCookie().getValue(), id -> new ArrayList<>())
                            .add(entry.getMatch());
                }
            }
        }
        return out;
    }

    private final class Builder {
        final long id;
        Protocol protocol;
        Endpoint internal;
        Endpoint publicEndpoint;
        final Set<Endpoint> remotes = new LinkedHashSet<>();
        long createdAt = Long.MAX_VALUE;

        Builder(long id) {
            this.id = id;
        }

        void add(OFFlowStatsEntry entry, long created) {
            java.util.Optional<SessionMatch> tuple = SessionMatch.of(entry.getMatch());
            if (tuple.isEmpty()) {
                return;
            }
            SessionMatch t = tuple.get();
            boolean tcp = t.protocol() == Protocol.TCP;
            protocol = t.protocol();
            Map<MatchField<?>, Object> set = setFields(entry.getInstructions());
            createdAt = Math.min(createdAt, created);
            if (config.inLan(t.srcIp())) { // outbound (or hairpin): match internal, set public source
                internal = new Endpoint(t.srcIp(), t.srcPort());
                publicEndpoint = new Endpoint(
                        ((IPv4Address) set.get(MatchField.IPV4_SRC)).getInt(),
                        ((TransportPort) set.get(tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC)).getPort());
                remotes.add(new Endpoint(t.dstIp(), t.dstPort()));
            } else { // inbound: match public destination, set internal destination
                publicEndpoint = new Endpoint(t.dstIp(), t.dstPort());
                internal = new Endpoint(
                        ((IPv4Address) set.get(MatchField.IPV4_DST)).getInt(),
                        ((TransportPort) set.get(tcp ? MatchField.TCP_DST : MatchField.UDP_DST)).getPort());
                remotes.add(new Endpoint(t.srcIp(), t.srcPort()));
            }
        }

        java.util.Optional<MappingRecord> build(long now) {
            if (internal == null || publicEndpoint == null) {
                return java.util.Optional.empty();
            }
            TcpState state = protocol == Protocol.TCP ? TcpState.ESTABLISHED : TcpState.NONE;
            return java.util.Optional.of(new MappingRecord(
                    id, protocol, internal, publicEndpoint, List.copyOf(remotes), createdAt, now, state));
        }
    }

    private static Map<MatchField<?>, Object> setFields(List<OFInstruction> instructions) {
        Map<MatchField<?>, Object> out = new LinkedHashMap<>();
        for (OFInstruction instruction : instructions) {
            if (instruction instanceof OFInstructionApplyActions apply) {
                for (OFAction action : apply.getActions()) {
                    if (action instanceof OFActionSetField setField) {
                        OFOxm<?> field = setField.getField();
                        out.put(field.getMatchField(), field.getValue());
                    }
                }
            }
        }
        return out;
    }
}
