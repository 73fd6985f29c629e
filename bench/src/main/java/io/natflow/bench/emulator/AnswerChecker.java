package io.natflow.bench.emulator;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks what the controller answers to one switch's first packets (natflow's fast path since
 * issue 9). A connection is set up only when all three answers arrived and are right:
 * <ul>
 *   <li>the outbound flow: ADD to the NAT table, a mapping cookie (nonzero, below the static
 *       cookies), flags SEND_FLOW_REM (RESET_COUNTS allowed, nothing else), an idle timeout and
 *       no hard timeout, an exact 5-tuple match on the internal endpoint and the remote,
 *       set-field of exactly IPv4 source and TCP/UDP source (of the connection's protocol) to a
 *       public endpoint (198.18.0.0/15, port 1024-65535), goto the ROUTE table;</li>
 *   <li>the inbound flow: the same cookie and attributes, an exact match from the remote to that
 *       same public endpoint, set-field of exactly IPv4 destination and TCP/UDP destination back
 *       to the internal endpoint, goto ROUTE;</li>
 *   <li>on TCP flows (both), exactly one Open vSwitch fin_timeout action (experimenter 0x2320,
 *       subtype 19) with an idle timeout above 0; none on UDP flows;</li>
 *   <li>the packet-out: no buffer, in_port CONTROLLER, the one action output to the WAN port,
 *       and the packet-in's bytes as a NAT router sends them on: source address and port the
 *       flows' public endpoint, TTL one less, valid IPv4 and TCP/UDP checksums, Ethernet from the
 *       router's MAC to the gateway's; nothing else changed.</li>
 * </ul>
 * DEC_NW_TTL is allowed in the flows; any other action, instruction or match field is wrong.
 * Answers may come in any order (the public endpoint is taken from the first). The packet-out
 * is tied to its connection by the tag the packet carries ({@link Packets}). Messages that are
 * not about a NAT session (the pipeline's flows, ARP) are ignored. Not thread safe: one checker
 * per switch, on its event loop.
 */
final class AnswerChecker {
    enum Verdict {
        IGNORED,
        PROGRESS,
        COMPLETE,
        WRONG,
        UNMATCHED
    }

    enum Problem {
        MALFORMED,
        UNKNOWN_CONNECTION,
        DUPLICATE_ANSWER,
        FLOW_ATTRIBUTES,
        FIN_TIMEOUT,
        COOKIE_MISMATCH,
        OUTBOUND_MATCH,
        OUTBOUND_SET_FIELD,
        INBOUND_MATCH,
        INBOUND_SET_FIELD,
        FLOW_INSTRUCTIONS,
        PUBLIC_ENDPOINT_MISMATCH,
        PACKET_OUT_IN_PORT,
        PACKET_OUT_ACTIONS,
        PACKET_OUT_DATA,
        PACKET_OUT_CHECKSUM,
        TIMEOUT,
        ERROR_MESSAGE
    }

    /** Both flows of a session match the exact 5-tuple (outbound: internal; inbound: public). */
    private static final int SESSION_MATCH_TCP = bits(
            OfWire.F_ETH_TYPE,
            OfWire.F_IP_PROTO,
            OfWire.F_IPV4_SRC,
            OfWire.F_IPV4_DST,
            OfWire.F_TCP_SRC,
            OfWire.F_TCP_DST);

    private static final int SESSION_MATCH_UDP = bits(
            OfWire.F_ETH_TYPE,
            OfWire.F_IP_PROTO,
            OfWire.F_IPV4_SRC,
            OfWire.F_IPV4_DST,
            OfWire.F_UDP_SRC,
            OfWire.F_UDP_DST);
    private static final int SNAT_TCP = bits(OfWire.F_IPV4_SRC, OfWire.F_TCP_SRC);
    private static final int SNAT_UDP = bits(OfWire.F_IPV4_SRC, OfWire.F_UDP_SRC);
    private static final int DNAT_TCP = bits(OfWire.F_IPV4_DST, OfWire.F_TCP_DST);
    private static final int DNAT_UDP = bits(OfWire.F_IPV4_DST, OfWire.F_UDP_DST);
    private static final int ALLOWED_FLAGS = OfWire.FF_SEND_FLOW_REM | OfWire.FF_RESET_COUNTS;

    private final long gatewayMac;
    private final Map<Long, Connection> outstanding = new HashMap<>();
    private final Map<Integer, Connection> byTag = new HashMap<>();
    private final OfWire.View view = new OfWire.View();
    private Connection last;
    private Problem problem;

    /** @param gatewayMac the MAC the switch answered the controller's ARP for the gateway with */
    AnswerChecker(long gatewayMac) {
        this.gatewayMac = gatewayMac;
    }

    /** Registers a connection whose packet-in is being sent. */
    void expect(Connection c) {
        outstanding.put(c.key(), c);
        byTag.put(c.tag, c);
    }

    /** Gives up on a connection (timed out); true if it was still outstanding. */
    boolean forget(Connection c) {
        byTag.remove(c.tag, c);
        return outstanding.remove(c.key(), c);
    }

    int outstanding() {
        return outstanding.size();
    }

    /** The connection the last PROGRESS, COMPLETE or WRONG verdict was about. */
    Connection last() {
        return last;
    }

    /** Why the last verdict was WRONG or UNMATCHED. */
    Problem problem() {
        return problem;
    }

    /** Checks one whole OpenFlow message (reader index at its header); does not consume it. */
    Verdict check(ByteBuf message) {
        last = null;
        problem = null;
        int type = message.getUnsignedByte(message.readerIndex() + 1);
        if (type != OfWire.T_FLOW_MOD && type != OfWire.T_PACKET_OUT) {
            return Verdict.IGNORED;
        }
        if (!view.read(message)) {
            return unmatched(Problem.MALFORMED);
        }
        return type == OfWire.T_FLOW_MOD ? flowMod() : packetOut(message);
    }

    private Verdict flowMod() {
        OfWire.View v = view;
        if (v.table != OfWire.NAT_TABLE || v.cookie == 0 || Long.compareUnsigned(v.cookie, OfWire.STATIC_COOKIE) >= 0) {
            return Verdict.IGNORED; // the pipeline's own flows
        }
        boolean outbound = v.matches(OfWire.F_IPV4_SRC) && Traffic.inLan(v.ipv4Src);
        return outbound ? outboundFlow(v) : inboundFlow(v);
    }

    private Verdict outboundFlow(OfWire.View v) {
        boolean tcp = v.ipProto == 6;
        int port = v.matches(tcp ? OfWire.F_TCP_SRC : OfWire.F_UDP_SRC) ? v.l4Src : -1;
        Connection c = outstanding.get(Connection.key(tcp, v.ipv4Src, port));
        if (c == null) {
            return unmatched(Problem.UNKNOWN_CONNECTION);
        }
        if ((c.answered & Connection.OUTBOUND_FLOW) != 0) {
            return wrong(c, Problem.DUPLICATE_ANSWER);
        }
        Problem p = flowAttributes(c, v);
        if (p == null
                && (v.matchOther
                        || v.matchFields != (tcp ? SESSION_MATCH_TCP : SESSION_MATCH_UDP)
                        || v.ethType != 0x0800
                        || v.ipv4Dst != c.remoteIp
                        || v.l4Dst != c.remotePort)) {
            p = Problem.OUTBOUND_MATCH;
        }
        if (p == null
                && (v.otherActions
                        || v.outputs != 0
                        || v.setFields != (tcp ? SNAT_TCP : SNAT_UDP)
                        || !Traffic.isPublic(v.setIpv4Src)
                        || v.setL4Src < 1024)) {
            p = Problem.OUTBOUND_SET_FIELD;
        }
        if (p == null) {
            p = publicEndpoint(c, v.setIpv4Src, v.setL4Src);
        }
        return p != null ? wrong(c, p) : progress(c, Connection.OUTBOUND_FLOW);
    }

    private Verdict inboundFlow(OfWire.View v) {
        boolean tcp = v.sets(OfWire.F_TCP_DST);
        if (!v.sets(OfWire.F_IPV4_DST) || !(tcp || v.sets(OfWire.F_UDP_DST))) {
            return unmatched(Problem.INBOUND_SET_FIELD); // cannot tell whose it is
        }
        Connection c = outstanding.get(Connection.key(tcp, v.setIpv4Dst, v.setL4Dst));
        if (c == null) {
            return unmatched(Problem.UNKNOWN_CONNECTION);
        }
        if ((c.answered & Connection.INBOUND_FLOW) != 0) {
            return wrong(c, Problem.DUPLICATE_ANSWER);
        }
        Problem p = flowAttributes(c, v);
        if (p == null
                && (v.matchOther
                        || v.matchFields != (tcp ? SESSION_MATCH_TCP : SESSION_MATCH_UDP)
                        || v.ethType != 0x0800
                        || v.ipProto != (tcp ? 6 : 17)
                        || v.ipv4Src != c.remoteIp
                        || v.l4Src != c.remotePort
                        || !Traffic.isPublic(v.ipv4Dst))) {
            p = Problem.INBOUND_MATCH;
        }
        if (p == null && (v.otherActions || v.outputs != 0 || v.setFields != (tcp ? DNAT_TCP : DNAT_UDP))) {
            p = Problem.INBOUND_SET_FIELD;
        }
        if (p == null) {
            p = publicEndpoint(c, v.ipv4Dst, v.l4Dst);
        }
        return p != null ? wrong(c, p) : progress(c, Connection.INBOUND_FLOW);
    }

    /**
     * ADD, mapping cookie equal in both flows, SEND_FLOW_REM (RESET_COUNTS allowed), an idle
     * timeout and no hard one, goto ROUTE; fin_timeout on TCP flows only.
     */
    private static Problem flowAttributes(Connection c, OfWire.View v) {
        if (v.command != OfWire.FC_ADD
                || (v.flags & OfWire.FF_SEND_FLOW_REM) == 0
                || (v.flags & ~ALLOWED_FLAGS) != 0
                || v.idleTimeout == 0
                || v.hardTimeout != 0) {
            return Problem.FLOW_ATTRIBUTES;
        }
        if (c.cookie != -1 && c.cookie != v.cookie) {
            return Problem.COOKIE_MISMATCH;
        }
        c.cookie = v.cookie;
        if (v.otherInstructions || v.gotoTable != OfWire.ROUTE_TABLE) {
            return Problem.FLOW_INSTRUCTIONS;
        }
        if (c.tcp ? v.finTimeouts != 1 || v.finIdleTimeout == 0 : v.finTimeouts != 0) {
            return Problem.FIN_TIMEOUT;
        }
        return null;
    }

    /** Both flows must agree on the public endpoint. */
    private static Problem publicEndpoint(Connection c, int ip, int port) {
        if (c.publicPort == -1) {
            c.publicIp = ip;
            c.publicPort = port;
            return null;
        }
        return c.publicIp == ip && c.publicPort == port ? null : Problem.PUBLIC_ENDPOINT_MISMATCH;
    }

    private Verdict packetOut(ByteBuf m) {
        OfWire.View v = view;
        int d = v.dataOffset;
        if (v.dataLength < Packets.ETH + Packets.IP + 8 || m.getUnsignedShort(d + 12) != Packets.ETHERTYPE_IPV4) {
            return Verdict.IGNORED; // ARP and the like
        }
        int ip = d + Packets.ETH;
        int proto = m.getUnsignedByte(ip + 9);
        if (!Traffic.isServer(m.getInt(ip + 16)) || (proto != 6 && proto != 17)) {
            return Verdict.IGNORED;
        }
        int l4 = ip + (m.getUnsignedByte(ip) & 0x0f) * 4;
        int tagAt = l4 + (proto == 6 ? Packets.TCP_TAG : Packets.UDP_TAG);
        if (tagAt + 4 > d + v.dataLength) {
            return unmatched(Problem.MALFORMED);
        }
        Connection c = byTag.get(m.getInt(tagAt));
        if (c == null || c.tcp != (proto == 6)) {
            return unmatched(Problem.UNKNOWN_CONNECTION);
        }
        if ((c.answered & Connection.PACKET_OUT) != 0) {
            return wrong(c, Problem.DUPLICATE_ANSWER);
        }
        if (v.inPort != OfWire.PORT_CONTROLLER) {
            return wrong(c, Problem.PACKET_OUT_IN_PORT);
        }
        if (v.bufferId != OfWire.NO_BUFFER
                || v.outputs != 1
                || v.outputPort != Traffic.WAN_PORT
                || v.otherActions
                || v.setFields != 0
                || v.decTtl != 0
                || v.finTimeouts != 0) {
            return wrong(c, Problem.PACKET_OUT_ACTIONS);
        }
        byte[] data = new byte[v.dataLength];
        m.getBytes(d, data);
        int srcIp = m.getInt(ip + 12);
        int srcPort = m.getUnsignedShort(l4);
        if (data.length != c.frame.length || !Traffic.isPublic(srcIp) || srcPort < 1024) {
            return wrong(c, Problem.PACKET_OUT_DATA);
        }
        Problem p = publicEndpoint(c, srcIp, srcPort);
        if (p != null) {
            return wrong(c, p);
        }
        byte[] expected = Packets.sourceTranslated(c.frame, Traffic.ROUTER_MAC, gatewayMac, c.publicIp, c.publicPort);
        if (!Packets.sameButChecksums(data, expected)) {
            return wrong(c, Problem.PACKET_OUT_DATA);
        }
        if (!Packets.checksumsValid(data)) {
            return wrong(c, Problem.PACKET_OUT_CHECKSUM);
        }
        return progress(c, Connection.PACKET_OUT);
    }

    private Verdict progress(Connection c, int answer) {
        c.answered |= answer;
        last = c;
        if (c.complete()) {
            settle(c);
            return Verdict.COMPLETE;
        }
        return Verdict.PROGRESS;
    }

    private Verdict wrong(Connection c, Problem p) {
        settle(c);
        last = c;
        problem = p;
        return Verdict.WRONG;
    }

    private void settle(Connection c) {
        outstanding.remove(c.key());
        byTag.remove(c.tag);
        c.settled = true;
    }

    private Verdict unmatched(Problem p) {
        problem = p;
        return Verdict.UNMATCHED;
    }

    private static int bits(int... fields) {
        int b = 0;
        for (int f : fields) {
            b |= 1 << f;
        }
        return b;
    }
}
