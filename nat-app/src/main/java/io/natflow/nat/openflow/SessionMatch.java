package io.natflow.nat.openflow;

import io.natflow.nat.core.Protocol;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.TransportPort;

/** The 5-tuple of a session flow's match, as read back from flow stats and flow-removed messages. */
record SessionMatch(Protocol protocol, int srcIp, int srcPort, int dstIp, int dstPort) {

    /** Empty for flows that are not TCP/UDP session flows. */
    static Optional<SessionMatch> of(Match match) {
        IPv4Address src = match.get(MatchField.IPV4_SRC);
        IPv4Address dst = match.get(MatchField.IPV4_DST);
        IpProtocol proto = match.get(MatchField.IP_PROTO);
        if (src == null || dst == null || proto == null) {
            return Optional.empty();
        }
        boolean tcp = proto.equals(IpProtocol.TCP);
        if (!tcp && !proto.equals(IpProtocol.UDP)) {
            return Optional.empty();
        }
        TransportPort sp = match.get(tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC);
        TransportPort dp = match.get(tcp ? MatchField.TCP_DST : MatchField.UDP_DST);
        if (sp == null || dp == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionMatch(
                tcp ? Protocol.TCP : Protocol.UDP, src.getInt(), sp.getPort(), dst.getInt(), dp.getPort()));
    }
}
