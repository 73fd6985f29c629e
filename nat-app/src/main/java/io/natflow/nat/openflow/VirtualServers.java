package io.natflow.nat.openflow;

import io.natflow.nat.packet.EtherTypes;
import io.natflow.nat.packet.Frame;
import io.natflow.nat.packet.Ipv4Packet;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.VirtualServerSessions;
import io.natflow.nat.rules.VirtualServerSessions.Session;
import io.natflow.nat.service.NatEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * A router's virtual servers, live: a new connection to a virtual server's public endpoint gets
 * a server (the session table decides) and its two session flows, and this first packet is
 * translated here; the switch carries the rest. Flow removals end sessions (or bring an idle
 * answering flow back, as for mappings); a list edit ends the sessions of rules that went. On
 * the router's loop only.
 */
final class VirtualServers {
    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;
    /** Ended sessions whose other flow we deleted: its removal's counts still go to the server. */
    private static final int MAX_CLOSING = 4096;

    private final VirtualServerSessions table;
    private final VirtualServerFlows flows;
    private final NatCounters counters;
    private final Map<Long, Session> closing = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Session> eldest) {
            return size() > MAX_CLOSING;
        }
    };

    VirtualServers(VirtualServerSessions table, VirtualServerFlows flows, NatCounters counters) {
        this.table = table;
        this.flows = flows;
        this.counters = counters;
    }

    VirtualServerSessions table() {
        return table;
    }

    /** The switch connected: no session of before survives (its flows go; clients reconnect). */
    List<OFMessage> start(RuleList list) {
        List<OFMessage> out = new ArrayList<>();
        out.add(flows.deleteAll());
        counters.count(NatEvent.VSERVER_SESSION_ENDED, table.endAll().size());
        table.use(list);
        return out;
    }

    /** A new rule list: the sessions of virtual servers that went lose their flows. */
    List<OFMessage> use(RuleList list, boolean connected) {
        List<OFMessage> out = new ArrayList<>();
        for (Session s : table.use(list)) {
            counters.count(NatEvent.VSERVER_SESSION_ENDED);
            if (connected) {
                out.addAll(flows.remove(s));
                closing.put(s.id(), s);
            }
        }
        return out;
    }

    /**
     * A packet to virtual server {@code rule}'s endpoint reached the controller: a connection's
     * first packet opens a session (TCP: a SYN without ACK; UDP: any datagram without one), a
     * packet of a live session is translated as its flows would, anything else is dropped
     * (empty). The result holds the flows to send before the translated packet is forwarded.
     */
    Optional<List<OFMessage>> inbound(NatRule.VirtualServer rule, Frame frame, long now) {
        Ipv4Packet p = frame.ipv4();
        if (p.isLaterFragment()) {
            counters.count(NatEvent.DROP_VSERVER_NO_SESSION);
            return Optional.empty();
        }
        int proto = p.protocol();
        Optional<Session> live = table.find(rule.number(), proto, p.src(), p.srcPort());
        List<OFMessage> out = new ArrayList<>(4);
        Session s;
        if (live.isPresent()) {
            s = live.get();
            if (opens(p)) { // a SYN again: a retransmission, or the client reusing its port; flows afresh
                out.addAll(flows.install(s));
            }
        } else {
            if (!opens(p)) {
                counters.count(NatEvent.DROP_VSERVER_NO_SESSION);
                return Optional.empty();
            }
            VirtualServerSessions.Opening o = table.open(rule.number(), proto, p.src(), p.srcPort(), now);
            if (!(o instanceof VirtualServerSessions.Opened opened)) {
                counters.count(NatEvent.DROP_VSERVER_FULL);
                return Optional.empty();
            }
            s = opened.session();
            counters.count(NatEvent.VSERVER_SESSION_OPENED);
            out.addAll(flows.install(s));
        }
        if (live.isPresent()) {
            counters.count(NatEvent.TRANSLATED_IN_CONTROLLER); // a packet of a session set up before
        }
        p.setDst(s.server().address());
        p.setDstPort(s.server().port());
        return Optional.of(out);
    }

    /**
     * A packet from a LAN host that reached the controller: if it is a server's answer on a live
     * session (its flow was not in the switch yet), it is translated to leave from the public
     * endpoint (true); false if it is not one.
     */
    boolean outbound(Frame frame) {
        if (table.size() == 0) {
            return false;
        }
        Ipv4Packet p = frame.ipv4();
        int proto = p.protocol();
        if ((proto != EtherTypes.PROTO_TCP && proto != EtherTypes.PROTO_UDP) || p.isLaterFragment()) {
            return false;
        }
        Optional<Session> s = table.fromServer(proto, p.src(), p.srcPort(), p.dst(), p.dstPort());
        if (s.isEmpty()) {
            return false;
        }
        p.setSrc(s.get().publicAddress());
        p.setSrcPort(s.get().publicPort());
        counters.count(NatEvent.TRANSLATED_IN_CONTROLLER);
        return true;
    }

    /** Whether a flow removal is one of ours. */
    static boolean isOurs(OFFlowRemoved removed) {
        return VirtualServerFlows.sessionId(removed.getCookie()) >= 0;
    }

    /**
     * A session flow went: one we deleted only adds its counts; an idle answering flow of a live
     * session comes back (as for mappings, {@link FlowTimeouts}); otherwise the session ends and
     * its other flow goes.
     */
    List<OFMessage> flowRemoved(OFFlowRemoved removed) {
        long id = VirtualServerFlows.sessionId(removed.getCookie());
        long packets = removed.getPacketCount().getValue();
        long bytes = removed.getByteCount().getValue();
        Optional<Session> live = table.get(id);
        if (live.isEmpty()) {
            Session gone = closing.remove(id);
            if (gone != null) {
                table.count(gone.rule(), gone.server(), packets, bytes);
            }
            return List.of();
        }
        Session s = live.get();
        if (removed.getReason() == OFFlowRemovedReason.DELETE) {
            table.count(s.rule(), s.server(), packets, bytes); // replaced by a reinstall: the session lives
            return List.of();
        }
        boolean outbound = SessionMatch.of(removed.getMatch())
                .map(m -> m.srcIp() == s.server().address()
                        && m.srcPort() == s.server().port())
                .orElse(false);
        FlowTimeouts timeouts = flows.timeouts();
        FlowTimeouts.AfterRemoval after = removed.getReason() == OFFlowRemovedReason.IDLE_TIMEOUT && outbound
                ? timeouts.afterIdleRemoval(VirtualServerFlows.protocol(s), removed.getIdleTimeout(), packets)
                : FlowTimeouts.AfterRemoval.END_SESSION;
        switch (after) {
            case REINSTALL_ESTABLISHED:
                table.count(s.rule(), s.server(), packets, bytes);
                return List.of(flows.reinstall(s, true, timeouts.initiating(VirtualServerFlows.protocol(s))));
            case REINSTALL_UNCONFIRMED:
                table.count(s.rule(), s.server(), packets, bytes);
                return List.of(flows.reinstall(s, true, removed.getIdleTimeout()));
            default:
                break;
        }
        table.close(id, packets, bytes);
        closing.put(id, s);
        counters.count(NatEvent.VSERVER_SESSION_ENDED);
        return List.of(flows.removeOther(s, outbound));
    }

    /** Reads every live virtual-server session flow's counters. */
    static OFFlowStatsRequest statsRequest(OFFactory f) {
        return f.buildFlowStatsRequest()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(VirtualServerFlows.COOKIE))
                .setCookieMask(VirtualServerFlows.COOKIE_MASK)
                .build();
    }

    /** Packets and bytes by session id, summed over its flows. */
    static Map<Long, long[]> sum(List<OFFlowStatsReply> replies) {
        Map<Long, long[]> out = new java.util.HashMap<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                long id = VirtualServerFlows.sessionId(e.getCookie());
                if (id >= 0) {
                    long[] c = out.computeIfAbsent(id, k -> new long[2]);
                    c[0] += e.getPacketCount().getValue();
                    c[1] += e.getByteCount().getValue();
                }
            }
        }
        return out;
    }

    /** A TCP SYN without ACK, or any UDP datagram: what may open a session. */
    private static boolean opens(Ipv4Packet p) {
        if (p.protocol() != EtherTypes.PROTO_TCP) {
            return true;
        }
        int flags = p.tcpFlags();
        return (flags & TCP_SYN) != 0 && (flags & TCP_ACK) == 0;
    }
}
