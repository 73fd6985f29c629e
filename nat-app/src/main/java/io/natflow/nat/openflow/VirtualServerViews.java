package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.VirtualServerSessions;
import io.natflow.nat.service.VirtualServerListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A virtual server's table and counters as the service's records; live sessions' flow stats added in. */
final class VirtualServerViews {
    private VirtualServerViews() {}

    /**
     * @param live packets and bytes of live sessions' flows by session id; null if the switch did not answer
     */
    static Optional<VirtualServerListing> listing(
            long datapathId,
            RuleList list,
            VirtualServerSessions table,
            int number,
            int limit,
            Map<Long, long[]> live) {
        Optional<NatRule> rule = list.get(number);
        if (rule.isEmpty() || !(rule.get() instanceof NatRule.VirtualServer)) {
            return Optional.empty();
        }
        Map<NatRule.VirtualServer.Server, long[]> liveByServer = new HashMap<>();
        List<VirtualServerSessions.Session> all = table.sessions(number, Integer.MAX_VALUE);
        for (VirtualServerSessions.Session s : all) {
            long[] c = live == null ? null : live.get(s.id());
            if (c != null) {
                long[] sum = liveByServer.computeIfAbsent(s.server(), k -> new long[2]);
                sum[0] += c[0];
                sum[1] += c[1];
            }
        }
        List<VirtualServerListing.Server> servers = new ArrayList<>();
        for (VirtualServerSessions.ServerStats st : table.servers(number)) {
            long[] l = liveByServer.getOrDefault(st.server(), new long[2]);
            servers.add(new VirtualServerListing.Server(
                    Ipv4.format(st.server().address()),
                    st.server().port(),
                    st.listed(),
                    st.chosen(),
                    st.live(),
                    st.packets() + l[0],
                    st.bytes() + l[1]));
        }
        List<VirtualServerListing.Session> sessions = new ArrayList<>();
        for (VirtualServerSessions.Session s : all.subList(0, Math.min(limit, all.size()))) {
            long[] c = live == null ? null : live.get(s.id());
            sessions.add(new VirtualServerListing.Session(
                    s.id(),
                    s.protocol() == 6 ? "tcp" : "udp",
                    Ipv4.format(s.clientAddress()),
                    s.clientPort(),
                    Ipv4.format(s.server().address()),
                    s.server().port(),
                    s.openedAt(),
                    c == null ? 0 : c[0],
                    c == null ? 0 : c[1]));
        }
        return Optional.of(new VirtualServerListing(
                datapathId,
                number,
                servers,
                sessions,
                all.size(),
                table.size(),
                table.capacity(),
                table.refused(),
                live != null));
    }
}
