package io.natflow.bench.emulator;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks what the controller answers to one switch's first packets. A connection is set up only
 * when all three answers arrived and are right:
 * <ul>
 *   <li>the outbound flow: ADD to the NAT table (2), a mapping cookie (nonzero, below the static
 *       cookies), SEND_FLOW_REM, an idle timeout, an exact 5-tuple match on the internal endpoint
 *       and the remote, set-field of exactly IPv4 source and TCP/UDP source (of the connection's
 *       protocol) to a public endpoint (198.18.0.0/15, port 1024-65535), goto the ROUTE table (3);</li>
 *   <li>the inbound flow: the same cookie, an exact match from the remote to that same public
 *       endpoint, set-field of exactly IPv4 destination and TCP/UDP destination back to the
 *       internal endpoint, goto table 3;</li>
 *   <li>the packet-out: no buffer, in_port the port of the packet-in, the one action
 *       output:TABLE, and the very bytes of the packet-in.</li>
 * </ul>
 * DEC_NW_TTL is allowed in the flows; any other action, instruction or match field is wrong.
 * Messages that are not about a NAT session (the pipeline's flows, ARP) are ignored. Not thread
 * safe: one checker per switch, on its event loop.
 */
final class AnswerChecker {
    enum Verdict { IGNORED, PROGRESS, COMPLETE, WRONG, UNMATCHED }

    enum Problem {
        MALFORMED,
        UNKNOWN_CONNECTION,
        DUPLICATE_ANSWER,
        FLOW_ATTRIBUTES,
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
        TIMEOUT,
        ERROR_MESSAGE
    }

    /** Both flows of a session match the exact 5-tuple (outbound: internal; inbound: public). */
    private static final int SESSION_MATCH_TCP = bits(OfWire.F_ETH_TYPE, OfWire.F_IP_PROTO, OfWire.F_IPV4_SRC,
            OfWire.F_IPV4_DST, OfWire.F_TCP_SRC, OfWire.F_TCP_DST);
    private static final int SESSION_MATCH_UDP = bits(OfWire.F_ETH_TYPE, OfWire.F_IP_PROTO, OfWire.F_IPV4_SRC,
            OfWire.F_IPV4_DST, OfWire.F_UDP_SRC, OfWire.F_UDP_DST);
    private static final int SNAT_TCP = bits(OfWire.F_IPV4_SRC, OfWire.F_TCP_SRC);
    private static final int SNAT_UDP = bits(OfWire.F_IPV4_SRC, OfWire.F_UDP_SRC);
    private static final int DNAT_TCP = bits(OfWire.F_IPV4_DST, OfWire.F_TCP_DST);
    private static final int DNAT_UDP = bits(OfWire.F_IPV4_DST, OfWire.F_UDP_DST);
    private static final int SEND_FLOW_REM = 1;

    private final Map<Long, Connection> outstanding = new HashMap<>();
    private final OfWire.View view = new OfWire.View();
    private Connection last;
    private Problem problem;

    /** Registers a connection whose packet-in is being sent. */
    void expect(Connection c) {
        outstanding.put(c.key(), c);
    }

    /** Gives up on a connection (timed out); true if it was still outstanding. */
    boolean forget(Connection c) {
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
        if (p == null && (v.matchOther || v.matchFields != (tcp ? SESSION_MATCH_TCP : SESSION_MATCH_UDP)
                || v.ethType != 0x0800 || v.ipv4Dst != c.remoteIp || v.l4Dst != c.remotePort)) {
            p = Problem.OUTBOUND_MATCH;
        }
        if (p == null && (v.otherActions || v.outputs != 0 || v.setFields != (tcp ? SNAT_TCP : SNAT_UDP)
                || !Traffic.isPublic(v.setIpv4Src) || v.setL4Src < 1024)) {
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
        if (p == null && (v.matchOther || v.matchFields != (tcp ? SESSION_MATCH_TCP : SESSION_MATCH_UDP)
                || v.ethType != 0x0800 || v.ipProto != (tcp ? 6 : 17)
                || v.ipv4Src != c.remoteIp || v.l4Src != c.remotePort || !Traffic.isPublic(v.ipv4Dst))) {
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

    /** ADD, mapping cookie equal in both flows, SEND_FLOW_REM, idle timeout, goto ROUTE. */
    private static Problem flowAttributes(Connection c, OfWire.View v) {
        if (v.command != 0 || (v.flags & SEND_FLOW_REM) == 0 || v.idleTimeout == 0) {
            return Problem.FLOW_ATTRIBUTES;
        }
        if (c.cookie != -1 && c.cookie != v.cookie) {
            return Problem.COOKIE_MISMATCH;
        }
        c.cookie = v.cookie;
        if (v.otherInstructions || v.gotoTable != OfWire.ROUTE_TABLE) {
            return Problem.FLOW_INSTRUCTIONS;
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
        if (v.dataLength < Packets.ETH + Packets.IP + 8 || m.getUnsignedShort(d + 12) != 0x0800) {
            return Verdict.IGNORED; // ARP and the like
        }
        int ip = d + Packets.ETH;
        int src = m.getInt(ip + 12);
        int proto = m.getUnsignedByte(ip + 9);
        if (!Traffic.inLan(src) || (proto != 6 && proto != 17)) {
            return Verdict.IGNORED;
        }
        int l4 = ip + (m.getUnsignedByte(ip) & 0x0f) * 4;
        if (l4 + 2 > d + v.dataLength) {
            return unmatched(Problem.MALFORMED);
        }
        Connection c = outstanding.get(Connection.key(proto == 6, src, m.getUnsignedShort(l4)));
        if (c == null) {
            return unmatched(Problem.UNKNOWN_CONNECTION);
        }
        if ((c.answered & Connection.PACKET_OUT) != 0) {
            return wrong(c, Problem.DUPLICATE_ANSWER);
        }
        if (v.inPort != c.inPort) {
            return wrong(c, Problem.PACKET_OUT_IN_PORT);
        }
        if (v.bufferId != OfWire.NO_BUFFER || v.outputs != 1 || v.outputPort != OfWire.PORT_TABLE
                || v.otherActions || v.setFields != 0 || v.decTtl != 0) {
            return wrong(c, Problem.PACKET_OUT_ACTIONS);
        }
        if (v.dataLength != c.frame.length || !sameBytes(m, d, c.frame)) {
            return wrong(c, Problem.PACKET_OUT_DATA);
        }
        return progress(c, Connection.PACKET_OUT);
    }

    private static boolean sameBytes(ByteBuf m, int offset, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (m.getByte(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private Verdict progress(Connection c, int answer) {
        c.answered |= answer;
        last = c;
        if (c.complete()) {
            outstanding.remove(c.key());
            c.settled = true;
            return Verdict.COMPLETE;
        }
        return Verdict.PROGRESS;
    }

    private Verdict wrong(Connection c, Problem p) {
        outstanding.remove(c.key());
        c.settled = true;
        last = c;
        problem = p;
        return Verdict.WRONG;
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
