package io.natflow.bench.emulator;

import io.natflow.nat.openflow.Tables;
import io.netty.buffer.ByteBuf;

/**
 * OpenFlow 1.3 by hand, at fixed offsets (spec 1.3.5 §7): the packet-ins the emulator sends, and a
 * reusable view of a flow-mod or packet-out it receives. No objects per message; the tests check
 * both against loxi. Table ids and cookies are natflow's own ({@link Tables}); the Nicira
 * fin_timeout action is read from its wire format (OVS nicira-ext.h, NXAST_FIN_TIMEOUT).
 */
final class OfWire {
    static final int VERSION = 4;
    static final int T_ERROR = 1;
    static final int T_ECHO_REQUEST = 2;
    static final int T_ECHO_REPLY = 3;
    static final int T_FEATURES_REQUEST = 5;
    static final int T_PACKET_IN = 10;
    static final int T_PACKET_OUT = 13;
    static final int T_FLOW_MOD = 14;
    static final int T_MULTIPART_REQUEST = 18;
    static final int T_MULTIPART_REPLY = 19;
    static final int T_BARRIER_REQUEST = 20;

    static final int MULTIPART_FLOW = 1;
    static final int MULTIPART_PORT_DESC = 13;
    static final int REPLY_MORE = 1;

    static final int CLASSIFY_TABLE = Tables.CLASSIFY.getValue();
    static final int WATCH_TABLE = Tables.WATCH.getValue();
    static final int NAT_TABLE = Tables.NAT.getValue();
    static final int ROUTE_TABLE = Tables.ROUTE.getValue();
    /** Cookie of natflow's static flows (the NAT table-miss entry among them); mapping ids are below. */
    static final long STATIC_COOKIE = Tables.STATIC_COOKIE.getValue();
    /** Cookie of the WATCH flow that sends TCP SYNs (without ACK) to the controller. */
    static final long SYN_COOKIE = Tables.SYN_COOKIE.getValue();
    /** Cookie of the ROUTE table's routes (the default route via the gateway among them). */
    static final long ROUTE_COOKIE = Tables.ROUTE_COOKIE.getValue();

    static final int TABLE_ALL = 0xff;
    static final int PORT_CONTROLLER = 0xffff_fffd;
    static final int PORT_ANY = 0xffff_ffff;
    static final int GROUP_ANY = 0xffff_ffff;
    static final int NO_BUFFER = 0xffff_ffff;

    static final int REASON_NO_MATCH = 0;
    static final int REASON_ACTION = 1;

    // flow-mod commands and flags
    static final int FC_ADD = 0;
    static final int FC_MODIFY = 1;
    static final int FC_MODIFY_STRICT = 2;
    static final int FC_DELETE = 3;
    static final int FC_DELETE_STRICT = 4;
    static final int FF_SEND_FLOW_REM = 1;
    static final int FF_RESET_COUNTS = 4;

    /** Open vSwitch's experimenter id, and the subtype of its fin_timeout action. */
    static final int NICIRA = 0x2320;

    static final int NXAST_FIN_TIMEOUT = 19;

    // OXM fields of class OPENFLOW_BASIC (0x8000)
    static final int F_IN_PORT = 0;
    static final int F_ETH_TYPE = 5;
    static final int F_IP_PROTO = 10;
    static final int F_IPV4_SRC = 11;
    static final int F_IPV4_DST = 12;
    static final int F_TCP_SRC = 13;
    static final int F_TCP_DST = 14;
    static final int F_UDP_SRC = 15;
    static final int F_UDP_DST = 16;

    private OfWire() {}

    static int packetInLength(Connection c) {
        return packetInLength(c.frame.length);
    }

    static int packetInLength(int frameLength) {
        return 8 + 16 + 16 + 2 + frameLength;
    }

    /**
     * A connection's first packet as the switch sends it up: a TCP SYN from WATCH's SYN flow
     * (reason ACTION, its cookie), a UDP datagram as a NAT-table miss (reason NO_MATCH, the miss
     * entry's cookie); in_port the LAN port it came in on.
     */
    static void writePacketIn(ByteBuf out, Connection c, int xid) {
        if (c.tcp) {
            writePacketIn(out, xid, REASON_ACTION, WATCH_TABLE, SYN_COOKIE, c.inPort, c.frame);
        } else {
            writePacketIn(out, xid, REASON_NO_MATCH, NAT_TABLE, STATIC_COOKIE, c.inPort, c.frame);
        }
    }

    /** A PACKET_IN with the whole frame (no buffer) and a match of just in_port. */
    static void writePacketIn(ByteBuf out, int xid, int reason, int table, long cookie, int inPort, byte[] frame) {
        out.writeByte(VERSION)
                .writeByte(T_PACKET_IN)
                .writeShort(packetInLength(frame.length))
                .writeInt(xid);
        out.writeInt(NO_BUFFER);
        out.writeShort(frame.length);
        out.writeByte(reason);
        out.writeByte(table);
        out.writeLong(cookie);
        out.writeShort(1).writeShort(12); // OFPMT_OXM, length without padding
        out.writeInt(oxmHeader(F_IN_PORT, 4)).writeInt(inPort);
        out.writeZero(4); // match padding to 8
        out.writeZero(2); // pad
        out.writeBytes(frame);
    }

    static int oxmHeader(int field, int length) {
        return 0x8000_0000 | (field << 9) | length;
    }

    /** Parsed fields of a FLOW_MOD or PACKET_OUT; reused, valid until the next {@link #read}. */
    static final class View {
        int type;
        // flow-mod
        long cookie;
        long cookieMask;
        int table;
        int command;
        int idleTimeout;
        int hardTimeout;
        int priority;
        int flags;
        int matchOffset; // the ofp_match (type, length, OXMs), and where the instructions start
        int matchLength; // without padding
        int instructionsOffset;
        int end;
        int matchFields; // bit per OXM field present in the match
        boolean matchOther; // masked or unknown fields, or a non-OXM match
        int ethType;
        int ipProto;
        int ipv4Src;
        int ipv4Dst;
        int l4Src;
        int l4Dst;
        int setFields; // bit per OXM field set by set-field actions
        int setIpv4Src;
        int setIpv4Dst;
        int setL4Src;
        int setL4Dst;
        int gotoTable;
        int decTtl;
        int finTimeouts; // Nicira fin_timeout actions, and the last one's idle timeout
        int finIdleTimeout;
        int outputs;
        int outputPort;
        boolean otherInstructions;
        boolean otherActions;
        // packet-out
        int bufferId;
        int inPort;
        int dataOffset;
        int dataLength;

        boolean matches(int field) {
            return (matchFields & (1 << field)) != 0;
        }

        boolean sets(int field) {
            return (setFields & (1 << field)) != 0;
        }

        /** Reads one whole message starting at the buffer's reader index; false if malformed. */
        boolean read(ByteBuf m) {
            reset();
            int b = m.readerIndex();
            int length = m.getUnsignedShort(b + 2);
            if (length > m.readableBytes()) {
                return false;
            }
            type = m.getUnsignedByte(b + 1);
            if (type == T_FLOW_MOD) {
                return readFlowMod(m, b, b + length);
            }
            if (type == T_PACKET_OUT) {
                return readPacketOut(m, b, b + length);
            }
            return true;
        }

        private void reset() {
            matchFields = 0;
            setFields = 0;
            matchOther = false;
            gotoTable = -1;
            decTtl = 0;
            finTimeouts = 0;
            finIdleTimeout = 0;
            outputs = 0;
            outputPort = 0;
            otherInstructions = false;
            otherActions = false;
            dataLength = 0;
        }

        private boolean readFlowMod(ByteBuf m, int b, int end) {
            if (end - b < 56) {
                return false;
            }
            this.end = end;
            cookie = m.getLong(b + 8);
            cookieMask = m.getLong(b + 16);
            table = m.getUnsignedByte(b + 24);
            command = m.getUnsignedByte(b + 25);
            idleTimeout = m.getUnsignedShort(b + 26);
            hardTimeout = m.getUnsignedShort(b + 28);
            priority = m.getUnsignedShort(b + 30);
            flags = m.getUnsignedShort(b + 44);
            int match = b + 48;
            if (m.getUnsignedShort(match) != 1) {
                matchOther = true;
            }
            matchOffset = match;
            matchLength = m.getUnsignedShort(match + 2);
            int matchEnd = match + matchLength;
            instructionsOffset = match + ((matchLength + 7) & ~7);
            if (matchLength < 4 || matchEnd > end || instructionsOffset > end) {
                return false;
            }
            for (int o = match + 4; o + 4 <= matchEnd; ) {
                int header = m.getInt(o);
                int len = header & 0xff;
                if (o + 4 + len > matchEnd) {
                    return false;
                }
                readMatchField(m, header, o + 4);
                o += 4 + len;
            }
            for (int i = instructionsOffset; i + 4 <= end; ) {
                int itype = m.getUnsignedShort(i);
                int ilen = m.getUnsignedShort(i + 2);
                if (ilen < 4 || i + ilen > end) {
                    return false;
                }
                if (itype == 1) { // GOTO_TABLE
                    gotoTable = m.getUnsignedByte(i + 4);
                } else if (itype == 4) { // APPLY_ACTIONS
                    if (!readActions(m, i + 8, i + ilen)) {
                        return false;
                    }
                } else {
                    otherInstructions = true;
                }
                i += ilen;
            }
            return true;
        }

        private void readMatchField(ByteBuf m, int header, int value) {
            int oxmClass = header >>> 16;
            int field = (header >>> 9) & 0x7f;
            boolean masked = (header & 0x100) != 0;
            if (oxmClass != 0x8000 || masked) {
                matchOther = true;
                return;
            }
            matchFields |= 1 << field;
            switch (field) {
                case F_ETH_TYPE -> ethType = m.getUnsignedShort(value);
                case F_IP_PROTO -> ipProto = m.getUnsignedByte(value);
                case F_IPV4_SRC -> ipv4Src = m.getInt(value);
                case F_IPV4_DST -> ipv4Dst = m.getInt(value);
                case F_TCP_SRC, F_UDP_SRC -> l4Src = m.getUnsignedShort(value);
                case F_TCP_DST, F_UDP_DST -> l4Dst = m.getUnsignedShort(value);
                default -> matchOther = true;
            }
        }

        private boolean readActions(ByteBuf m, int from, int end) {
            for (int a = from; a + 4 <= end; ) {
                int atype = m.getUnsignedShort(a);
                int alen = m.getUnsignedShort(a + 2);
                if (alen < 8 || a + alen > end) {
                    return false;
                }
                switch (atype) {
                    case 0 -> { // OUTPUT
                        outputs++;
                        outputPort = m.getInt(a + 4);
                    }
                    case 24 -> decTtl++; // DEC_NW_TTL
                    case 25 -> readSetField(m, m.getInt(a + 4), a + 8);
                    case 0xffff -> readExperimenter(m, a, alen);
                    default -> otherActions = true;
                }
                a += alen;
            }
            return true;
        }

        /** Nicira fin_timeout: {@code type, len=16, vendor, subtype=19, fin_idle, fin_hard, pad[2]}. */
        private void readExperimenter(ByteBuf m, int a, int alen) {
            if (alen == 16 && m.getInt(a + 4) == NICIRA && m.getUnsignedShort(a + 8) == NXAST_FIN_TIMEOUT) {
                finTimeouts++;
                finIdleTimeout = m.getUnsignedShort(a + 10);
            } else {
                otherActions = true;
            }
        }

        private void readSetField(ByteBuf m, int header, int value) {
            int field = (header >>> 9) & 0x7f;
            if ((header >>> 16) != 0x8000 || (header & 0x100) != 0) {
                otherActions = true;
                return;
            }
            setFields |= 1 << field;
            switch (field) {
                case F_IPV4_SRC -> setIpv4Src = m.getInt(value);
                case F_IPV4_DST -> setIpv4Dst = m.getInt(value);
                case F_TCP_SRC, F_UDP_SRC -> setL4Src = m.getUnsignedShort(value);
                case F_TCP_DST, F_UDP_DST -> setL4Dst = m.getUnsignedShort(value);
                default -> otherActions = true;
            }
        }

        private boolean readPacketOut(ByteBuf m, int b, int end) {
            if (end - b < 24) {
                return false;
            }
            bufferId = m.getInt(b + 8);
            inPort = m.getInt(b + 12);
            int actionsLength = m.getUnsignedShort(b + 16);
            int actions = b + 24;
            if (actions + actionsLength > end || !readActions(m, actions, actions + actionsLength)) {
                return false;
            }
            dataOffset = actions + actionsLength;
            dataLength = end - dataOffset;
            return true;
        }
    }
}
